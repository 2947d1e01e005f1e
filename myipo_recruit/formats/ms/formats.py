"""Malay formats for what Django formats itself (admin columns, read-only dates): a 24-hour clock.

Django's Malay format prints the time with "P", which makes every p.m. "malam" (14:30 as "2:30 malam");
"14:30" is a form Malaysians read without doubt. Pages and e-mails use myipo_recruit.dates instead.
"""

TIME_FORMAT = "H:i"  # 14:30
DATETIME_FORMAT = "j M Y, H:i"  # 15 Dis 2026, 14:30
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 15/12/2026 14:30
