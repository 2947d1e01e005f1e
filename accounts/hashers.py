"""Password hashing: Argon2id at a cost a small web server can pay at every sign-in."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class PortalArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with the configuration OWASP's Password Storage Cheat Sheet recommends: 19 MiB, two passes, one lane.

    Argon2id is memory-hard: what a guess costs an attacker is its memory as much as its time, so it needs far less
    CPU per sign-in than PBKDF2 for the same protection. Django's own Argon2 parameters (100 MiB, two passes, eight
    lanes) cost about 0.19 CPU-seconds per sign-in on a 2-core server, nearly as much as PBKDF2 (0.24 s). OWASP's
    other configurations are of the same strength; of them 46 MiB and one pass (used until December 2026) cost
    about 72 ms here, most of it the kernel handing over 46 MiB of fresh pages, and this one about 30 ms. Hashes made
    otherwise (PBKDF2, other parameters) are made again with these at their owner's next sign-in (`must_update`).
    """

    time_cost = 2
    memory_cost = 19456  # KiB
    parallelism = 1
