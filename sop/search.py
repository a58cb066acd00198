"""Search of SOPs by words, on PostgreSQL (ranked full-text, typo-tolerant) and SQLite (exact words).

Both find an SOP whose number, title, or visible version text (steps, dasar hukum, keterkaitan)
contains every word typed. PostgreSQL also stems Indonesian words (menerima -> terima), ranks the
results and finds words with small typos through trigram similarity.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramWordSimilarity
from django.db import connection
from django.db.models import Exists, FloatField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from .models import SOP, SOPVersion

CONFIG = "indonesian"
# Word similarity of a one-letter slip is about 0.43 (biomterik ~ biometrik); unrelated words stay below 0.25.
TYPO_SIMILARITY = 0.4
MAX_QUERY = 200
MAX_WORDS = 8


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
    for word in words[:MAX_WORDS]:
        in_versions = versions.filter(sop=OuterRef("pk"), search_text__icontains=word)
        qs = qs.filter(Q(number__icontains=word) | Q(title__icontains=word) | Exists(in_versions))
    return qs


def _word_matches(versions, word: str) -> Q:
    """One word matches an SOP by number, by (stemmed) title or text, or as a near-typo of either.

    Set-based (the SOPs of the matching versions), so the GIN indexes of migration 0008 answer it
    instead of a text scan per SOP. ``%>`` is word similarity at least the connection's
    pg_trgm.word_similarity_threshold, which settings set to TYPO_SIMILARITY.
    """
    query = SearchQuery(word, config=CONFIG, search_type="plain")
    in_text = (
        versions.annotate(document=SearchVector("search_text", config=CONFIG))
        .filter(Q(document=query) | Q(search_text__trigram_word_similar=word))
        .values("sop_id")
    )
    in_title = (
        SOP.objects.annotate(document=SearchVector("title", config=CONFIG))
        .filter(Q(document=query) | Q(title__trigram_word_similar=word))
        .values("pk")
    )
    return Q(number__icontains=word) | Q(pk__in=in_title) | Q(pk__in=in_text)


def _postgresql(qs, versions, text, words):
    # Every word must match (as on SQLite); ts_rank is for ordering only (it gives 1e-20, not 0, for a miss).
    for word in words[:MAX_WORDS]:
        qs = qs.filter(_word_matches(versions, word))
    query = SearchQuery(text, config=CONFIG, search_type="plain")
    own = versions.filter(sop=OuterRef("pk"))
    version_rank = own.annotate(r=SearchRank(SearchVector("search_text", config=CONFIG), query)).order_by("-r")
    return qs.annotate(
        score=SearchRank(SearchVector("title", config=CONFIG), query) * 2
        + Coalesce(Subquery(version_rank.values("r")[:1]), Value(0.0), output_field=FloatField())
        + TrigramWordSimilarity(text, "title")
    ).order_by("-score", "number")
