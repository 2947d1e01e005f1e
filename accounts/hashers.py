"""Password hashing: Argon2id at a cost a small web server can pay at every sign-in."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class PortalArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with the first configuration of OWASP's Password Storage Cheat Sheet: 46 MiB, one pass, one lane.

    Argon2id is memory-hard: what a guess costs an attacker is its memory as much as its time, so it needs
    far less CPU per sign-in than PBKDF2 for the same protection. Django's own Argon2 parameters (100 MiB, two
    passes, eight lanes) cost about 0.19 CPU-seconds per sign-in on a 2-core server, nearly as much as PBKDF2
    (0.24 s); these cost about 0.05 s. Hashes made otherwise (PBKDF2, other parameters) are made again with
    these at their owner's next sign-in (Django's `must_update`).
    """

    time_cost = 1
    memory_cost = 47104  # KiB
    parallelism = 1
