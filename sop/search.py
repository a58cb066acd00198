"""Search of SOPs by words, on PostgreSQL (ranked full-text, typo-tolerant) and SQLite (exact words).

Both find an SOP whose number, title, or visible version text (steps, dasar hukum, keterkaitan)
contains every word typed. PostgreSQL also stems Indonesian words (menerima -> terima), ranks the
results and finds words with small typos through trigram similarity.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramWordSimilarity
from django.db import connection
from django.db.models import Exists, F, FloatField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest

from .models import SOP, SOPVersion

CONFIG = "indonesian"
TYPO_SIMILARITY = 0.5
MAX_QUERY = 200


def words_of(query: str) -> list[str]:
    """The words of a query, without punctuation that would only confuse the engines."""
    return [w for w in re.split(r"[^\w/.-]+", query[:MAX_QUERY]) if len(w) >= 2]


def search(qs: QuerySet[SOP], versions: QuerySet[SOPVersion], query: str) -> QuerySet[SOP]:
    """Filter and order ``qs`` by ``query``; ``versions`` are the versions the user may read."""
    words = words_of(query)
    if not words:
        return qs
    if connection.vendor == "postgresql":
        return _postgresql(qs, versions, " ".join(words), words)
    return _simple(qs, versions, words)


def _simple(qs, versions, words):
    for word in words:
        in_versions = versions.filter(sop=OuterRef("pk"), search_text__icontains=word)
        qs = qs.filter(Q(number__icontains=word) | Q(title__icontains=word) | Exists(in_versions))
    return qs


def _postgresql(qs, versions, text, words):
    query = SearchQuery(text, config=CONFIG, search_type="plain")
    own = versions.filter(sop=OuterRef("pk"))
    version_rank = own.annotate(r=SearchRank(SearchVector("search_text", config=CONFIG), query)).order_by("-r")
    version_similarity = own.annotate(s=TrigramWordSimilarity(text, "search_text")).order_by("-s")
    number_match = Q()
    for word in words:
        number_match &= Q(number__icontains=word)
    return (
        qs.annotate(
            title_rank=SearchRank(SearchVector("title", config=CONFIG, weight="A"), query),
            text_rank=Coalesce(Subquery(version_rank.values("r")[:1]), Value(0.0), output_field=FloatField()),
            similarity=Greatest(
                TrigramWordSimilarity(text, "title"),
                Coalesce(Subquery(version_similarity.values("s")[:1]), Value(0.0), output_field=FloatField()),
            ),
        )
        .filter(number_match | Q(title_rank__gt=0) | Q(text_rank__gt=0) | Q(similarity__gte=TYPO_SIMILARITY))
        .annotate(score=F("title_rank") * 2 + F("text_rank") + F("similarity"))
        .order_by("-score", "number")
    )
