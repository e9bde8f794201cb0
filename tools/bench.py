#!/usr/bin/env python
"""Seed a large community and time the feed, a post page and search, on SQLite and PostgreSQL.

    make bench                                   # both backends, 10,000 members, 200,000 posts
    .venv/bin/python tools/bench.py --backend sqlite --requests 100
    .venv/bin/python tools/bench.py --reseed     # throw the bench databases away and seed again

The data lives apart from everything else: `$COMMONS_DATA_DIR/bench.sqlite3` and the PostgreSQL
database `commons_bench` (BENCH_PG_URL). Seeding uses bulk inserts (not the per-post actions) and
keeps SearchEntry, and so the full-text index, in step. A seeded database is reused.

Each page is requested through Django's test client by a logged-in member (the whole server side:
middleware, view, queries, template), and the queries function is also timed on its own.
Prints the median and 95th percentile in milliseconds; the target is a 95th percentile under 50 ms.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import timedelta
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/commons_bench"
TARGET_MS = 50
BATCH = 5000


def _words(text: str) -> list[str]:
    return text.split()


STOPWORDS = _words("the a to and of in we our is it for on with that this you they at be as")
DOMAIN = _words(
    "discovery call pipeline churn renewal pricing objection demo quota forecast onboarding "
    "champion stakeholder procurement expansion upsell retention playbook cadence prospecting "
    "outbound inbound qualification budget timeline decision negotiation discount contract "
    "security review trial adoption health score escalation ticket handoff kickoff success "
    "plan roadmap feedback pitch deck story value proof case study referral network mentor "
    "coaching territory account executive manager leader hiring ramp enablement training "
    "linkedin email sequence reply meeting agenda follow notes crm hygiene dashboard metric "
    "conversion win loss reason competitor positioning messaging persona pain gain question "
    "listening empathy trust relationship partner channel marketing lead webinar event "
    "conference summit quarter month week friday monday customer buyer champion executive"
)
TOPICS = [
    "Discovery", "Pricing", "Renewals", "Onboarding", "Churn", "Forecasting", "Prospecting",
    "Negotiation", "Enablement", "Leadership", "Hiring", "Tools", "Customer success",
    "Account management", "Partnerships", "Career", "Mentoring", "Pitch practice", "Events",
    "Remote work", "Metrics", "Objections", "Demos", "Security reviews", "Expansion",
    "Marketing", "Wellbeing", "Startups", "Enterprise", "Recommendations",
]  # fmt: skip
FIRST = _words("Alex Sam Nia Omar Priya Chen Maria Jonas Aisha Tom Lena Ravi Zoe Kofi Ines Yuki")
LAST = _words("Rivera Okafor Ng Haddad Patel Li Garcia Berg Khan Moore Vogel Rao Smith Mensah")
SEARCHES = [
    "churn",
    "pricing objection",
    "discovery call",
    "renewal",
    "security review",
    "negotiation discount",
    "onboarding playbook",
    "forecast quota",
    "mentor",
    "webinar",
    "crm hygiene",
    "customer",
    "zebra",
    "win loss reason",
]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--backend", choices=["both", "sqlite", "postgres"], default="both")
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--posts", type=int, default=200_000)
    parser.add_argument("--comments", type=int, default=150_000)
    parser.add_argument("--reactions", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--only", default="", help="time only pages whose name has this text")
    parser.add_argument("--reseed", action="store_true", help="drop the bench database first")
    args = parser.parse_args()
    if args.backend == "both":
        failed = 0
        for backend in ("sqlite", "postgres"):
            argv = [f"--{name}={value}" for name, value in vars(args).items() if name != "reseed"]
            argv = [a for a in argv if not a.startswith("--backend=")] + ["--backend", backend]
            argv += ["--reseed"] if args.reseed else []
            failed |= subprocess.call([sys.executable, __file__, *argv])
        sys.exit(failed)
    run_backend(args)


# --- one backend, in its own process (settings read DATABASE_URL once) -----------------------


def run_backend(args) -> None:
    data_dir = Path(os.environ.get("COMMONS_DATA_DIR", ROOT / "data"))
    data_dir.mkdir(parents=True, exist_ok=True)
    if args.backend == "sqlite":
        path = data_dir / "bench.sqlite3"
        if args.reseed:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    else:
        url = os.environ.get("BENCH_PG_URL", DEFAULT_PG)
        prepare_postgres(url, reseed=args.reseed)
    os.environ["DATABASE_URL"] = url
    os.environ["COMMONS_TESTING"] = "1"  # local hosts, no HTTPS redirect; DEBUG stays off
    os.environ["COMMONS_DEBUG"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commons.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    print(f"\n== {connection.vendor}: {url}")
    call_command("migrate", verbosity=0)
    from commons.community.models import Post

    if Post.objects.count() < args.posts:
        if Post.objects.exists():
            sys.exit("The bench database is partly seeded; run again with --reseed.")
        started = time.perf_counter()
        seed(args)
        print(f"seeded in {time.perf_counter() - started:.0f} s")
    else:
        print("reusing the seeded database (--reseed to start again)")
    measure(args)


def prepare_postgres(url: str, *, reseed: bool) -> None:
    import psycopg

    base, _, name = url.rpartition("/")
    if not name or name.startswith("test_") or name in ("postgres", "template0", "template1"):
        sys.exit(f"Refusing to use the database {name!r} for the bench.")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reseed:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


# --- seeding ----------------------------------------------------------------------------------


class Words:
    """Text from a small sales vocabulary, domain words drawn with a Zipf-like skew."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.domain_weights = [1 / (rank + 1) ** 0.9 for rank in range(len(DOMAIN))]

    def text(self, n: int) -> str:
        domain = self.rng.choices(DOMAIN, self.domain_weights, k=n // 2)
        common = self.rng.choices(STOPWORDS, k=n - n // 2)
        words = domain + common
        self.rng.shuffle(words)
        return " ".join(words).capitalize() + "."

    def title(self) -> str:
        return " ".join(
            self.rng.choices(DOMAIN, self.domain_weights, k=self.rng.randint(3, 7))
        ).capitalize()


def _bulk(model, objs, bar) -> None:
    for start in range(0, len(objs), BATCH):
        chunk = objs[start : start + BATCH]
        model.objects.bulk_create(chunk, batch_size=BATCH)
        bar.update(len(chunk))


@contextmanager
def _explicit_timestamps(*models):
    """Let explicit timestamps through bulk_create (auto_now_add would overwrite them)."""
    changed = []
    for model in models:
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
                changed.append((field, field.auto_now_add, field.auto_now))
                field.auto_now_add = field.auto_now = False
    try:
        yield
    finally:
        for field, auto_now_add, auto_now in changed:
            field.auto_now_add, field.auto_now = auto_now_add, auto_now


def seed(args) -> None:
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.utils import timezone
    from tqdm import tqdm

    from commons.community.models import (
        Comment,
        Post,
        PostKind,
        Reaction,
        ReactionKind,
        SearchEntry,
        Topic,
        TopicFollow,
    )
    from commons.members.models import Block, Follow, Profile, User
    from commons.testing.factories import publish_code

    rng = random.Random(20261124)
    words = Words(rng)
    now = timezone.now()
    through = Post.topics.through
    password = make_password("bench-password-not-secret")
    total = args.members * 3 + args.posts * 3 + args.comments * 2 + args.reactions
    bar = tqdm(total=total, unit="rows", desc="seeding", smoothing=0.1)

    timestamped = (User, Profile, Topic, Post, Comment, Reaction, Follow, TopicFollow, Block)
    with transaction.atomic(), _explicit_timestamps(*timestamped):
        users, profiles = [], []
        for i in range(1, args.members + 1):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            joined = now - timedelta(days=rng.uniform(1, 400))
            users.append(
                User(id=i, email=f"bench{i}@example.org", password=password, date_joined=joined)
            )
            profiles.append(
                Profile(id=i, user_id=i, handle=f"bench-{i}", display_name=name, updated_at=joined)
            )
        _bulk(User, users, bar)
        _bulk(Profile, profiles, bar)
        emails = [
            EmailAddress(id=u.id, user_id=u.id, email=u.email, primary=True, verified=True)
            for u in users
        ]
        _bulk(EmailAddress, emails, bar)

        topics = [
            Topic(
                id=i, slug=f"t{i}-{name.lower().replace(' ', '-')}"[:40], name=name, created_at=now
            )
            for i, name in enumerate(TOPICS, start=1)
        ]
        Topic.objects.bulk_create(topics)

        # Posts: spread over a year, ids in time order; a few prolific authors.
        author_weights = [1 / (i**0.7) for i in range(1, args.members + 1)]
        authors = rng.choices(range(1, args.members + 1), author_weights, k=args.posts)
        stamps = sorted(now - timedelta(days=365 * rng.random() ** 1.5) for _ in range(args.posts))
        kinds = rng.choices(PostKind.values, [40, 25, 15, 10, 10], k=args.posts)
        seen_authors, posts, entries, links = set(), [], [], []
        for i in range(args.posts):
            pid, author, created = i + 1, authors[i], stamps[i]
            title, body = words.title(), words.text(rng.randint(30, 120))
            posts.append(
                Post(
                    id=pid,
                    author_id=author,
                    kind=kinds[i],
                    title=title,
                    body=body,
                    body_html=f"<p>{escape(body)}</p>",
                    is_first_post=author not in seen_authors,
                    created_at=created,
                    last_activity_at=created,
                )
            )
            seen_authors.add(author)
            entries.append(
                SearchEntry(id=pid, post_id=pid, title=title, body=body, created_at=created)
            )
            for topic_id in rng.sample(range(1, len(TOPICS) + 1), rng.choice((1, 1, 2, 3))):
                links.append(through(post_id=pid, topic_id=topic_id))

        # Comments on the last 90 days' posts, and 200 on the newest post (the post page).
        recent = [p for p in posts if p.created_at > now - timedelta(days=90)] or posts
        page_post = posts[-1]
        comments, parents = [], {}
        for j in range(1, args.comments + 1):
            post = page_post if j <= 200 else rng.choice(recent)
            created = min(now, post.created_at + timedelta(hours=rng.uniform(0, 72)))
            parent = parents.get(post.id) if rng.random() < 0.3 else None
            body = words.text(rng.randint(10, 60))
            comment = Comment(
                id=j,
                post_id=post.id,
                author_id=rng.randint(1, args.members),
                parent_id=parent,
                body=body,
                body_html=f"<p>{escape(body)}</p>",
                created_at=created,
            )
            comments.append(comment)
            if parent is None:
                parents[post.id] = j
            post.comment_count += 1
            post.last_activity_at = max(post.last_activity_at, created)
            entries.append(
                SearchEntry(
                    id=args.posts + j, post_id=post.id, comment_id=j, body=body, created_at=created
                )
            )

        reactions, taken = [], set()
        kinds_r = ReactionKind.values
        while len(reactions) < args.reactions:
            post = rng.choice(recent)
            user, kind = rng.randint(1, args.members), rng.choice(kinds_r)
            if (user, post.id, kind) in taken:
                continue
            taken.add((user, post.id, kind))
            post.reaction_count += 1
            reactions.append(
                Reaction(
                    id=len(reactions) + 1,
                    user_id=user,
                    post_id=post.id,
                    kind=kind,
                    created_at=min(now, post.created_at + timedelta(hours=rng.uniform(0, 48))),
                )
            )

        bar.total = bar.n + len(posts) + len(links) + len(comments) + len(reactions) + len(entries)
        bar.refresh()
        _bulk(Post, posts, bar)
        _bulk(through, links, bar)
        _bulk(Comment, comments, bar)
        _bulk(Reaction, reactions, bar)
        _bulk(SearchEntry, entries, bar)

        # The measured members: each follows 50 members and 3 topics, and blocks 5.
        follows, topic_follows, blocks = [], [], []
        for viewer in range(1, 21):
            others = rng.sample(range(21, args.members + 1), 55)
            follows += [
                Follow(follower_id=viewer, followee_id=o, created_at=now) for o in others[:50]
            ]
            blocks += [Block(blocker_id=viewer, blocked_id=o, created_at=now) for o in others[50:]]
            topic_follows += [
                TopicFollow(user_id=viewer, topic_id=t, created_at=now)
                for t in rng.sample(range(1, len(TOPICS) + 1), 3)
            ]
        Follow.objects.bulk_create(follows)
        Block.objects.bulk_create(blocks)
        TopicFollow.objects.bulk_create(topic_follows)
        bar.close()

    with transaction.atomic():
        models = [User, Profile, EmailAddress, Topic, Post, Comment, Reaction, SearchEntry, through]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)

        owner = User.objects.create_user(email="bench-owner@example.org", role="owner")
        Profile.objects.create(user=owner, handle="bench-owner", display_name="Bench Owner")
        publish_code(owner)

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# --- measuring --------------------------------------------------------------------------------


def _percentiles(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.95))]


def _time(fn, n: int) -> tuple[float, float, float, float]:
    """Wall-clock and this process's CPU milliseconds (p50, p95). CPU time leaves out waiting
    for other processes on a busy machine (and, for PostgreSQL, the database server's work)."""
    fn()  # warm up caches (trending, the current Code of Conduct, compiled templates)
    wall, cpu = [], []
    for _ in range(n):
        started, started_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return (*_percentiles(wall), *_percentiles(cpu))


def measure(args) -> None:
    from django.db import connection
    from django.test import Client

    from commons.community import queries, search
    from commons.community.models import Post
    from commons.members.models import User

    viewers = list(User.objects.filter(pk__in=range(1, 21)).order_by("pk"))
    page_post = Post.objects.filter(comment_count__gte=200).order_by("-pk").first()
    clients = []
    for viewer in viewers:
        client = Client()
        client.force_login(viewer)
        clients.append(client)
    turn = {"n": 0}

    def next_index(size: int) -> int:
        turn["n"] += 1
        return turn["n"] % size

    def get(path: str):
        response = clients[next_index(len(clients))].get(path)
        assert response.status_code == 200, (path, response.status_code)

    pages = [
        (
            "feed (variety)",
            lambda: get("/posts/"),
            lambda: queries.feed(viewers[next_index(len(viewers))]).items,
        ),
        (
            "feed (latest)",
            lambda: get("/posts/?order=latest"),
            lambda: queries.feed(viewers[next_index(len(viewers))], order="latest").items,
        ),
        (
            f"post page ({page_post.comment_count} comments)",
            lambda: get(f"/posts/{page_post.pk}/"),
            lambda: queries.post_detail(viewers[next_index(len(viewers))], page_post.pk),
        ),
        (
            "search",
            lambda: get(f"/search/?q={SEARCHES[next_index(len(SEARCHES))].replace(' ', '+')}"),
            lambda: search.search(
                viewers[next_index(len(viewers))], SEARCHES[turn["n"] % len(SEARCHES)]
            ),
        ),
    ]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"{args.requests} requests each, milliseconds ({connection.vendor}; "
        f"load average {load:.1f} on {os.cpu_count()} CPUs)"
    )
    columns = " ".join(f"{c:>7}" for c in ("p50", "p95", "cpu p50", "cpu p95"))
    print(f"{'':30} {'view (whole request)':^31}  {'queries function only':^31}")
    print(f"{'page':30} {columns}  {columns}")
    slow = []
    for name, view, query in pages:
        if args.only not in name:
            continue
        view_times = _time(view, args.requests)
        query_times = _time(query, args.requests)
        if view_times[1] >= TARGET_MS:
            slow.append(name)
        cells = (
            " ".join(f"{t:7.1f}" for t in view_times)
            + "  "
            + " ".join(f"{t:7.1f}" for t in query_times)
        )
        print(f"{name:30} {cells}")
    print(
        f"target: view p95 under {TARGET_MS} ms"
        + (f"; over: {', '.join(slow)}" if slow else "; all met")
    )


if __name__ == "__main__":
    main()
