import phonenumbers
from django.conf import settings
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render

from .board_cache import cached_for_visitors
from .forms import PostFilterForm
from .models import Advertisement, AdvertisementLine, Post, PostLine


@cached_for_visitors()
def home(request):
    advertisements = Advertisement.objects.open().annotate(post_count=Count("posts"))
    posts = Post.objects.open().for_board()[:6]
    return render(request, "vacancies/home.html", {"advertisements": advertisements, "posts": posts})


@cached_for_visitors(params=frozenset(PostFilterForm.base_fields))
def post_list(request):
    form = PostFilterForm(request.GET or None)
    posts = form.filter(Post.objects.open().for_board())
    return render(request, "vacancies/post_list.html", {"form": form, "posts": posts})


@cached_for_visitors()
def post_detail(request, pk: int):
    post = get_object_or_404(
        Post.objects.select_related("grade", "division", "advertisement").prefetch_related("lines"), pk=pk
    )
    advertisement = post.advertisement
    lines = list(post.lines.all())
    return render(
        request,
        "vacancies/post_detail.html",
        {
            "post": post,
            "advertisement": advertisement,
            "duties": [line for line in lines if not line.is_requirement],
            "requirements": [line for line in lines if line.is_requirement],
            "conditions": advertisement.lines.filter(kind=AdvertisementLine.Kind.CONDITION),
            "notices": advertisement.lines.filter(kind=AdvertisementLine.Kind.NOTICE),
        },
    )


@cached_for_visitors()
def advertisement_detail(request, pk: int):
    advertisement = get_object_or_404(
        Advertisement.objects.prefetch_related(
            "lines",
            Prefetch(
                "posts",
                queryset=Post.objects.select_related("grade", "division").prefetch_related(
                    Prefetch("lines", queryset=PostLine.objects.all())
                ),
            ),
        ),
        pk=pk,
    )
    lines = list(advertisement.lines.all())
    return render(
        request,
        "vacancies/advertisement_detail.html",
        {
            "advertisement": advertisement,
            "conditions": [line for line in lines if line.kind == AdvertisementLine.Kind.CONDITION],
            "notices": [line for line in lines if line.kind == AdvertisementLine.Kind.NOTICE],
        },
    )


@cached_for_visitors()
def archive(request):
    advertisements = Advertisement.objects.closed().annotate(post_count=Count("posts"))
    return render(request, "vacancies/archive.html", {"advertisements": advertisements})


def help_page(request):
    """Questions candidates ask (documents, the MQA letter, SPM equivalents, after applying) and MyIPO's contact."""
    phone = phonenumbers.parse(settings.CONTACT_PHONE, "MY")
    return render(
        request,
        "vacancies/help.html",
        {
            "phone": phonenumbers.format_number(phone, phonenumbers.PhoneNumberFormat.NATIONAL),
            "phone_link": phonenumbers.format_number(phone, phonenumbers.PhoneNumberFormat.E164),
            "email": settings.CONTACT_EMAIL,
            "document_mb": settings.DOCUMENT_MAX_BYTES // (1024 * 1024),
            "total_mb": settings.APPLICATION_MAX_BYTES // (1024 * 1024),
        },
    )
