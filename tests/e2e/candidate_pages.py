"""Every page a visitor or a candidate sees, with data that stretches them, and a walk through them all signed in.

Shared by the accessibility and the narrow-screen tests, so that a page added to the portal is checked by both.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import translation

from ..factories import ApplicationFactory, DocumentFactory, PostFactory, PostLineFactory, submitted_application

PASSWORD = "Kata-laluan-2026"
LONG_MQA_LINE = (
    "Pemohon hendaklah menyertakan Surat Akuan Pengiktirafan Diploma/ Ijazah daripada Kementerian Pengajian Tinggi "
    "(https://www2.mqa.gov.my/esisraf/kelayakan.cfm?carian=PengiktirafanKelayakanAkademikPeringkatDiplomaIjazah)"
)


@dataclass
class CandidatePages:
    candidate: object
    draft: object
    public: list[tuple[str, list]]
    signed_in: list[tuple[str, list]]

    def walk(self, page, live_server, language: str, check) -> None:
        """`check(name, args, url)` on every public page, then signs in and does the same on every own page."""
        for name, args in self.public:
            check(name, args, self.url(name, args, language))
        page.goto(live_server.url + self.url("accounts:login", [], language))
        page.fill("[name=username]", self.candidate.email)
        page.fill("[name=password]", PASSWORD)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
        for name, args in self.signed_in:
            check(name, args, self.url(name, args, language))

    @staticmethod
    def url(name: str, args: list, language: str) -> str:
        with translation.override(language):
            return reverse(name, args=args)


def candidate_pages() -> CandidatePages:
    """A candidate with a submitted, a withdrawn and a draft application, a long name and a long document name."""
    from applications.services import application_start, application_submit, application_withdraw

    post = PostFactory(min_qualification="bachelor", qualification_fields=["accounting"])
    PostLineFactory(post=post, kind="qualification", text_ms=LONG_MQA_LINE, text_en=LONG_MQA_LINE)
    closed = PostFactory(advertisement__closed=True)
    submitted = submitted_application(post, full_name="NUR AISYAH BINTI AHMAD ZULKIFLI AL-HAFIZ BIN MOHD")
    candidate = submitted.candidate
    candidate.set_password(PASSWORD)
    candidate.save()
    DocumentFactory(owner=candidate, kind="certificate", original_name="sijil-ijazah-sarjana-muda-perakaunan-2012.pdf")
    other = PostFactory(advertisement=post.advertisement)
    withdrawn = application_withdraw(
        application=application_submit(application=application_start(candidate=candidate, post=other))
    )
    draft = ApplicationFactory(candidate=candidate, post=PostFactory(advertisement=post.advertisement))
    public = [
        ("vacancies:home", []),
        ("vacancies:post_list", []),
        ("vacancies:post_detail", [post.pk]),
        ("vacancies:post_detail", [closed.pk]),
        ("vacancies:advertisement_detail", [post.advertisement_id]),
        ("vacancies:archive", []),
        ("screening:eligibility", []),
        ("vacancies:help", []),
        ("accounts:login", []),
        ("accounts:register", []),
        ("accounts:password_reset", []),
    ]
    signed_in = [
        ("accounts:verify_sent", []),
        ("applications:mine", []),
        ("applications:detail", [submitted.pk]),
        ("applications:detail", [withdrawn.pk]),
        ("privacy:account", []),
        ("privacy:profile", []),
        ("accounts:password_change", []),
        ("accounts:email_change", []),
        *[
            ("applications:step", [draft.pk, step])
            for step in ("personal", "education", "experience", "documents", "review")
        ],
    ]
    return CandidatePages(candidate=candidate, draft=draft, public=public, signed_in=signed_in)
