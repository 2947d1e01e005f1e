"""Errors of the services outside the portal (PostgreSQL, S3, Redis, the broker, SMTP).

A page that meets one of them answers with the designed "problem on our side" page (503), never the generic
500: the visitor did nothing wrong and can try again in a few minutes.
"""

from botocore.exceptions import BotoCoreError, ClientError
from django.db import InterfaceError, OperationalError
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

# OSError covers disks, sockets, timeouts and smtplib; OperationalError covers a lost database and statement timeouts.
SERVICE_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    OperationalError,
    InterfaceError,
    BotoCoreError,
    ClientError,
    RedisError,
    KombuError,
)
