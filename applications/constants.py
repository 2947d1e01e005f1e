"""The recruitment's domain constants, defined once: SPM grades, qualification levels and fields, fields of work,
accounting bodies, language levels and kinds of knowledge of intellectual property law."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SpmGrade(models.TextChoices):
    """SPM grades: the grading from SPM 2009 (A+ to G), the older one (1A to 9G), and TH for an absent candidate."""

    A_PLUS = "A+", "A+"
    A = "A", "A"
    A_MINUS = "A-", "A-"
    B_PLUS = "B+", "B+"
    B = "B", "B"
    C_PLUS = "C+", "C+"
    C = "C", "C"
    D = "D", "D"
    E = "E", "E"
    G = "G", "G"
    OLD_1A = "1A", "1A"
    OLD_2A = "2A", "2A"
    OLD_3B = "3B", "3B"
    OLD_4B = "4B", "4B"
    OLD_5C = "5C", "5C"
    OLD_6C = "6C", "6C"
    OLD_7D = "7D", "7D"
    OLD_8E = "8E", "8E"
    OLD_9G = "9G", "9G"
    ABSENT = "TH", _("TH (absent)")


# A credit (kepujian) is grade C or better; in the grading before 2009, 1A to 6C. TH (absent) is no grade at all.
SPM_CREDIT_GRADES = frozenset({"A+", "A", "A-", "B+", "B", "C+", "C", "1A", "2A", "3B", "4B", "5C", "6C"})
# A good command of English, read from the SPM: B or better (4B or better before 2009).
SPM_GOOD_GRADES = frozenset({"A+", "A", "A-", "B+", "B", "1A", "2A", "3B", "4B"})
SPM_GRADE_CHOICES = [
    (_("SPM 2009 and later"), [(g.value, g.label) for g in SpmGrade if not g.value[0].isdigit() and g.value != "TH"]),
    (_("SPM before 2009"), [(g.value, g.label) for g in SpmGrade if g.value[0].isdigit()]),
    (SpmGrade.ABSENT.value, SpmGrade.ABSENT.label),
]


class QualificationLevel(models.TextChoices):
    STPM = "stpm", _("STPM")
    DIPLOMA = "diploma", _("Diploma")
    BACHELOR = "bachelor", _("Bachelor's degree")
    MASTER = "master", _("Master's degree")
    DOCTORATE = "doctorate", _("Doctorate")


LEVEL_RANK = {"stpm": 1, "diploma": 2, "bachelor": 3, "master": 4, "doctorate": 5}
# The advertisement asks for the MQA recognition letter (Surat Akuan Pengiktirafan) of a diploma or degree.
DEGREE_LEVELS = frozenset({"diploma", "bachelor", "master", "doctorate"})


class FieldOfStudy(models.TextChoices):
    ACCOUNTING = "accounting", _("Accounting")
    FINANCE = "finance", _("Finance or banking")
    ECONOMICS = "economics", _("Economics")
    BUSINESS_ADMINISTRATION = "business_administration", _("Business administration or management")
    PUBLIC_ADMINISTRATION = "public_administration", _("Public administration or public policy")
    HUMAN_RESOURCES = "human_resources", _("Human resource management")
    PSYCHOLOGY = "psychology", _("Psychology")
    LAW = "law", _("Law")
    INTELLECTUAL_PROPERTY = "intellectual_property", _("Intellectual property")
    INTERNATIONAL_RELATIONS = "international_relations", _("International relations or political science")
    COMMUNICATION = "communication", _("Communication or media")
    ARTS_DESIGN = "arts_design", _("Arts, design or creative industries")
    COMPUTER_SCIENCE = "computer_science", _("Computer science / information technology")
    INFORMATION_SYSTEMS = "information_systems", _("Information systems")
    COMPUTER_ENGINEERING = "computer_engineering", _("Computer engineering")
    ELECTRONIC_ENGINEERING = "electronic_engineering", _("Electrical or electronic engineering")
    OTHER_ENGINEERING = "other_engineering", _("Other engineering")
    SCIENCE = "science", _("Science (physics, chemistry, biology and others)")
    MATHEMATICS = "mathematics", _("Mathematics or statistics")
    OTHER = "other", _("Other field")


class FieldOfWork(models.TextChoices):
    ICT_SECURITY = "ict_security", _("ICT security operations")
    DATA_CENTRE = "data_centre", _("Data centre operations")
    NETWORKS = "networks", _("Networks and telecommunications")
    OTHER_ICT = "other_ict", _("Other ICT work (software, systems, helpdesk)")
    ACCOUNTING = "accounting", _("Accounting or finance")
    LEGAL = "legal", _("Legal work")
    INTELLECTUAL_PROPERTY = "intellectual_property", _("Intellectual property")
    HUMAN_RESOURCES = "human_resources", _("Human resources")
    ADMINISTRATION = "administration", _("Administration or management")
    OTHER = "other", _("Other work")


class AccountingBody(models.TextChoices):
    """Professional accounting bodies whose full members the Government recognises (Accountants Act 1967)."""

    MIA = "mia", _("Malaysian Institute of Accountants (MIA)")
    MICPA = "micpa", _("Malaysian Institute of Certified Public Accountants (MICPA)")
    ACCA = "acca", _("Association of Chartered Certified Accountants (ACCA)")
    CIMA = "cima", _("Chartered Institute of Management Accountants (CIMA)")
    CPA_AUSTRALIA = "cpa_australia", _("CPA Australia")
    CA_ANZ = "ca_anz", _("Chartered Accountants Australia and New Zealand (CA ANZ)")
    ICAEW = "icaew", _("Institute of Chartered Accountants in England and Wales (ICAEW)")
    ICAS = "icas", _("Institute of Chartered Accountants of Scotland (ICAS)")
    CAI = "cai", _("Chartered Accountants Ireland")
    CPA_CANADA = "cpa_canada", _("Chartered Professional Accountants of Canada (CPA Canada)")
    OTHER = "other", _("Another body (name it under professional memberships)")


RECOGNISED_ACCOUNTING_BODIES = frozenset(body.value for body in AccountingBody if body != AccountingBody.OTHER)


class LanguageLevel(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")
    WEAK = "weak", _("Weak")


# "dengan baik": the advertisement asks for a good command, spoken and written.
GOOD_LANGUAGE_LEVELS = frozenset({"excellent", "good"})


class IpLawKnowledge(models.TextChoices):
    NONE = "none", _("None")
    COURSE = "course", _("A course or training in intellectual property law")
    QUALIFICATION = "qualification", _("A qualification that covers intellectual property law")
    WORK = "work", _("Work experience with intellectual property law")
