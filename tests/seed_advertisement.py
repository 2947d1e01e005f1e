"""Reads MyIPO's 2023 advertisement (fixtures/source) into a structure the fixture is checked against."""

import re
from dataclasses import dataclass, field
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "fixtures" / "source" / "myipo-iklan-jawatan-kontrak-2023.txt"

# The only typo mended in the portal's data: post 6's classification.
MENDED = {"Perkhidmatan Harta Intelekt": "Perkhidmatan Harta Intelek"}

POST_HEADER = re.compile(r"^(\d+)\. (.+) - \((.+)\)$")
SALARY = re.compile(r"^RM([\d,]+\.\d\d) – RM([\d,]+\.\d\d)$")


@dataclass
class SeedPost:
    number: int
    title: str
    contract_type: str
    fields: dict[str, str] = field(default_factory=dict)
    duties: list[str] = field(default_factory=list)
    qualifications: list[str] = field(default_factory=list)

    @property
    def salary_range(self) -> tuple[str, str]:
        low, high = SALARY.match(self.fields["Skala Gaji"]).groups()
        return low.replace(",", ""), high.replace(",", "")

    @property
    def division(self) -> str:
        return re.match(r"^Penempatan penugasan di (.+);$", self.duties[0]).group(1)


@dataclass
class SeedAdvertisement:
    title: str = ""
    lead: list[str] = field(default_factory=list)
    conditions_intro: str = ""
    conditions: list[str] = field(default_factory=list)
    posts: list[SeedPost] = field(default_factory=list)
    how_to_apply: str = ""
    submission: str = ""
    postal_address: str = ""
    shortlist_notice: str = ""
    notices: list[str] = field(default_factory=list)


def clean(text: str) -> str:
    """Drop Markdown bold and link markers (the portal styles by kind) and mend the known typo; italics stay."""
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text.replace("**", "")).strip()
    for wrong, right in MENDED.items():
        text = text.replace(wrong, right)
    return text


def parse(text: str | None = None) -> SeedAdvertisement:
    lines = [line.rstrip() for line in (text if text is not None else SOURCE.read_text("utf-8")).splitlines()]
    ad = SeedAdvertisement()
    state = "title"
    post: SeedPost | None = None
    bullets: list[str] | None = None
    address: list[str] = []

    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        header = POST_HEADER.match(line)
        if header and state in {"conditions", "post"}:
            post = SeedPost(int(header.group(1)), clean(header.group(2)), clean(header.group(3)))
            ad.posts.append(post)
            state, bullets = "post", None
        elif state == "title":
            ad.title, state = clean(line), "lead"
        elif state == "lead":
            if line == "SYARAT-SYARAT ASAS":
                state = "conditions_intro"
            else:
                ad.lead.append(clean(line))
        elif state == "conditions_intro":
            ad.conditions_intro, state = clean(line), "conditions"
        elif state == "conditions":
            ad.conditions.append(clean(line.removeprefix("- ")))
        elif line.startswith("Permohonan hendaklah"):
            ad.how_to_apply, state = clean(line), "submission"
        elif state == "post":
            if "\t:\t" in raw:
                key, value = raw.split("\t:\t")
                post.fields[key.strip()] = clean(value)
            elif line == "Peranan dan tanggungjawab adalah seperti berikut:":
                bullets = post.duties
            elif line == "Syarat kelayakan:":
                bullets = post.qualifications
            elif line.startswith("- "):
                bullets.append(clean(line[2:]))
            else:  # a bullet broken over two lines in the source
                bullets[-1] = f"{bullets[-1]} {clean(line)}"
        elif state == "submission":
            if line.startswith("Borang permohonan"):
                ad.submission = clean(line)
            elif line.startswith("**") or address:
                address.append(clean(line))
                if line.endswith("**"):
                    ad.postal_address, state = "\n".join(address), "after_address"
        elif state == "after_address":
            if line == "PENTING:":
                state = "notices"
            else:
                ad.shortlist_notice = clean(line)
        elif state == "notices":
            ad.notices.append(clean(re.sub(r"^- \d\) ", "", line)))
    return ad
