"""A large newsroom for the load benchmark (`make bench`), inserted with bulk_create.

Articles are about the reference article's size (its paragraphs, reshuffled, plus a
sentence of their own), spread over two years, in several sections, with bylines, tags,
a few pictures and reader comments. Stored counters are set to what was inserted, so the
comment count of each article equals its visible comments.
"""

import datetime
import hashlib
import random
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from ..models import Article, Author, Byline, Comment, Section, Tag
from ..text.normalization import normalize_arabic, search_text_of
from . import reference_article as ref
from .loader import _picture, load_reference_article

SECTIONS = [
    ("سياسة", "politics"),
    ("اقتصاد", "economy"),
    ("رياضة", "sports"),
    ("ثقافة وفنون", "culture"),
    ("تكنولوجيا", "technology"),
    ("صحة", "health"),
    ("منوعات", "variety"),
]
AUTHORS = [
    "أحمد الخطيب",
    "ليلى منصور",
    "محمد العلي",
    "سارة حداد",
    "يوسف الزين",
    "مريم الشامي",
    "خالد الحسيني",
    "نور الهدى سليمان",
    "عمر الفاروق",
    "هبة عبد الله",
    "سامر درويش",
    "رنا القاسم",
]
TAGS = [
    "سوريا",
    "العراق",
    "الرقة",
    "داعش",
    "التحالف الدولي",
    "الأمم المتحدة",
    "النفط",
    "الانتخابات",
    "كرة القدم",
    "الذكاء الاصطناعي",
    "المناخ",
    "اللاجئون",
    "الاقتصاد العالمي",
    "السينما",
    "الصحة العامة",
]
_SUBJECTS = [
    "وزير الخارجية",
    "البنك المركزي",
    "المنتخب الوطني",
    "الأمم المتحدة",
    "التحالف الدولي",
    "مجلس النواب",
    "شركات التقنية",
    "منظمة الصحة العالمية",
    "وزارة الثقافة",
    "المعارضة",
]
_FEMININE = {
    "الأمم المتحدة",
    "شركات التقنية",
    "منظمة الصحة العالمية",
    "وزارة الثقافة",
    "المعارضة",
}
_VERBS = [  # a trailing space, or a one-letter preposition joined to the next word
    "يبحث ",
    "يعلن ",
    "يحذر من ",
    "يطالب ب",
    "يرحب ب",
    "ينتقد ",
    "يستعد ل",
    "يكشف تفاصيل ",
]
_OBJECTS = [
    "خطة جديدة لإعادة إعمار الرقة",
    "اتفاق لتبادل الأسرى",
    "ارتفاع أسعار النفط",
    "نتائج الانتخابات المحلية",
    "موجة حر غير مسبوقة",
    "مشروع قانون للإعلام الرقمي",
    "مفاوضات السلام في جنيف",
    "أزمة اللاجئين على الحدود",
    "بطولة كأس العرب",
    "مهرجان الفيلم العربي",
]
# The reference's city, or another, so that a search for الرقة finds a fifth of them.
_CITIES = ["الرقة", "الموصل", "حلب", "دير الزور", "الفلوجة"]
_PLACES = ["واشنطن", "بغداد", "دمشق", "بيروت", "القاهرة", "الرياض", "تونس", "عمّان"]
_COMMENTS = [
    "شكراً على هذا التقرير المفصل.",
    "أين كان المجتمع الدولي طوال هذه السنوات؟",
    "خبر مهم، نرجو متابعة القصة بتقارير أخرى.",
    "المدنيون هم من يدفعون الثمن دائماً.",
    "تحليل دقيق ومتوازن، أحسنتم.",
    "لا أتفق مع ما جاء في الفقرة الثالثة.",
    "هل هناك مصادر أخرى تؤكد هذه الأرقام؟",
    "الله يحمي أهلنا في كل مكان.",
]
_PUBLISHED_SHARE = 0.95  # the rest are drafts, or scheduled for later


@dataclass(frozen=True)
class SeedCounts:
    articles: int
    published: int
    comments: int
    visible_comments: int


def seed_bench_newsroom(
    *, article_count: int, comment_count: int, image_count: int = 6, seed: int = 8
) -> SeedCounts:
    """Insert a benchmark newsroom in bulk next to the reference article."""
    rng = random.Random(seed)
    load_reference_article()
    with transaction.atomic():
        sections = _sections()
        authors = _authors()
        tags = _tags()
        images = [
            _picture(
                seed=9000 + n,
                alt=f"صورة إخبارية رقم {n + 1}",
                caption=f"من أرشيف الصور {n + 1}",
                credit="وكالات",
            )
            for n in range(image_count)
        ]
        plan = _plan_comments(rng, article_count=article_count, total=comment_count)
        articles = _articles(rng, article_count, sections, images, plan)
        Article.objects.bulk_create(articles, batch_size=500)
        _bylines_and_tags(rng, articles, authors, tags)
        visible = _comments(rng, articles, plan)
    if connection.vendor == "postgresql":
        # The state autovacuum reaches on a live database. Without statistics the home
        # page sorted every published row; without the visibility map its page count is
        # a sequential scan (16 ms) instead of an index-only scan (1 ms). VACUUM cannot
        # run inside a transaction (tests), ANALYZE can.
        with connection.cursor() as cursor:
            cursor.execute(
                "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            )
    published = sum(a.status == Article.Status.PUBLISHED for a in articles)
    return SeedCounts(len(articles), published, comment_count, visible)


def _sections() -> list[Section]:
    for position, (name, slug) in enumerate(SECTIONS, start=2):
        Section.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )
    return list(Section.objects.all())


def _authors() -> list[Author]:
    for n, name in enumerate(AUTHORS):
        Author.objects.get_or_create(slug=f"writer-{n + 1}", defaults={"name": name})
    return list(Author.objects.filter(slug__startswith="writer-"))


def _tags() -> list[Tag]:
    for name in TAGS:
        Tag.objects.get_or_create(
            name=name, defaults={"slug": slugify(name, allow_unicode=True)}
        )
    return list(Tag.objects.all())


def _headline(rng: random.Random) -> str:
    subject, verb = rng.choice(_SUBJECTS), rng.choice(_VERBS)
    if subject in _FEMININE:
        verb = "ت" + verb[1:]  # يعلن -> تعلن
    return f"{subject} {verb}{rng.choice(_OBJECTS)}"


def _body(rng: random.Random, n: int, place: str, city: str) -> str:
    """The reference paragraphs reshuffled, about its size, set in another city."""
    paragraphs = rng.sample(ref.PARAGRAPHS, k=len(ref.PARAGRAPHS) - 1)
    own = f"وأفاد مراسلنا في {place} أن التطورات ما زالت متسارعة (التقرير رقم {n})."
    paragraphs.insert(rng.randrange(len(paragraphs) + 1), own)
    return "".join(f"<p>{escape(p.replace('الرقة', city))}</p>" for p in paragraphs)


@dataclass
class _CommentPlan:
    top: dict[int, list[str]]  # article index -> statuses of top-level comments
    replies: dict[int, int]  # article index -> replies to its first visible comment


def _plan_comments(
    rng: random.Random, *, article_count: int, total: int
) -> _CommentPlan:
    """Which article each comment goes to (newest stories get most) and its status."""
    plan = _CommentPlan(top={}, replies={})
    statuses = ["approved", "pending", "rejected", "spam", "removed"]
    weights = [80, 10, 5, 3, 2]
    for _ in range(total):
        index = int(article_count * rng.random() ** 2)
        if plan.top.get(index) and "approved" in plan.top[index] and rng.random() < 0.1:
            plan.replies[index] = plan.replies.get(index, 0) + 1
        else:
            status = rng.choices(statuses, weights)[0]
            plan.top.setdefault(index, []).append(status)
    return plan


def _articles(rng, count, sections, images, plan) -> list[Article]:
    now = timezone.now()
    articles = []
    for n in range(count):
        headline = _headline(rng)
        place, city = rng.choice(_PLACES), rng.choice(_CITIES)
        roll = rng.random()
        status = Article.Status.PUBLISHED
        published_at = now - datetime.timedelta(minutes=90 * n + rng.randint(1, 80))
        if roll > _PUBLISHED_SHARE + 0.02:
            status, published_at = Article.Status.DRAFT, None
        elif roll > _PUBLISHED_SHARE:
            status = Article.Status.SCHEDULED
            published_at = now + datetime.timedelta(days=rng.randint(1, 30))
        article = Article(
            headline=headline,
            slug=f"{slugify(headline, allow_unicode=True)}-{n + 1:05d}",
            deck=rng.choice(ref.PARAGRAPHS[:4]).replace("الرقة", city),
            sub_heading=rng.choice(_OBJECTS),
            dateline=place,
            body=_body(rng, n + 1, place, city),
            section=rng.choice(sections),
            lead_image=rng.choice(images) if images and rng.random() < 0.7 else None,
            status=status,
            published_at=published_at,
            is_featured=rng.random() < 0.02,
            view_count=rng.randint(0, 20000),
            share_count=rng.randint(0, 400),
            comment_count=_visible_count(plan, n),
        )
        article.search_text = search_text_of(
            headline=headline,
            deck=article.deck,
            sub_heading=article.sub_heading,
            body=article.body,
        )
        articles.append(article)
    return articles


def _visible_count(plan: _CommentPlan, index: int) -> int:
    return plan.top.get(index, []).count("approved") + plan.replies.get(index, 0)


def _bylines_and_tags(rng, articles, authors, tags) -> None:
    bylines, tagged = [], []
    through = Article.tags.through
    for article in articles:
        for position, author in enumerate(rng.sample(authors, k=rng.choice([1, 1, 2]))):
            bylines.append(Byline(article=article, author=author, position=position))
        for tag in rng.sample(tags, k=rng.randint(0, 3)):
            tagged.append(through(article_id=article.pk, tag_id=tag.pk))
    Byline.objects.bulk_create(bylines, batch_size=2000)
    through.objects.bulk_create(tagged, batch_size=2000)


def _comment(rng, article, status: str, seen: set, parent=None) -> Comment:
    """A reader comment whose text is new on its article (one text per article)."""
    body = f"{rng.choice(_COMMENTS)} {rng.choice(_COMMENTS)}"
    body_hash = _hash(body)
    n = 1
    while (article.pk, body_hash) in seen:
        n += 1
        body = f"{rng.choice(_COMMENTS)} ({n})"
        body_hash = _hash(body)
    seen.add((article.pk, body_hash))
    return Comment(
        article=article,
        parent=parent,
        name=rng.choice(AUTHORS).split()[0],
        body=body,
        body_hash=body_hash,
        status="approved" if status == "removed" else status,
        is_removed=status == "removed",
        visitor_id=f"{rng.getrandbits(64):016x}",
        user_agent="Mozilla/5.0 (bench)",
    )


def _hash(body: str) -> str:
    """The comment fingerprint: SHA-256 of the normalised text."""
    return hashlib.sha256(normalize_arabic(body).encode("utf-8")).hexdigest()


def _comments(rng, articles, plan: _CommentPlan) -> int:
    """Insert the planned comments, then the replies; returns the visible count."""
    seen: set = set()
    top = [
        _comment(rng, articles[index], status, seen)
        for index, statuses in plan.top.items()
        for status in statuses
    ]
    Comment.objects.bulk_create(top, batch_size=2000)
    first_visible = {}
    for comment in top:
        if comment.status == "approved" and not comment.is_removed:
            first_visible.setdefault(comment.article_id, comment)
    replies = [
        _comment(
            rng, articles[index], "approved", seen, first_visible[articles[index].pk]
        )
        for index, count in plan.replies.items()
        for _ in range(count)
    ]
    Comment.objects.bulk_create(replies, batch_size=2000)
    return sum(_visible_count(plan, index) for index in range(len(articles)))
