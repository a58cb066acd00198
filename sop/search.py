"""Search of SOPs by words, on PostgreSQL (ranked full-text, typo-tolerant) and SQLite (exact words).

Both find an SOP whose number, title, or visible version text (steps, dasar hukum, keterkaitan)
contains every word typed. PostgreSQL also stems Indonesian words (menerima -> terima), ranks the
results and finds words with small typos through trigram similarity.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramWordSimilarity
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet, Value

from .models import SOP, SearchWord, SOPVersion

CONFIG = "indonesian"
# Word similarity of a one-letter slip is about 0.43 (biomterik ~ biometrik); unrelated words stay below 0.25.
TYPO_SIMILARITY = 0.4
MAX_QUERY = 200
MAX_WORDS = 8


def words_of(query: str) -> list[str]:
    """The first ``MAX_WORDS`` words of a query, without punctuation that would only confuse the
    engines (each word is a trigram lookup and a full-text match: a long query must stay cheap)."""
    return [w for w in re.split(r"[^\w/.-]+", query[:MAX_QUERY]) if len(w) >= 2][:MAX_WORDS]


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


def _spellings(words: list[str]) -> dict[str, list[str]]:
    """Each typed word with the words of the SOPs that are spelt like it (``%>``: word similarity at
    least the connection's pg_trgm.word_similarity_threshold, which settings set to TYPO_SIMILARITY),
    from the vocabulary in one query. Short words are taken as typed: their trigrams say little."""
    spellings = {word: [word] for word in words}
    near = [
        SearchWord.objects.filter(word__trigram_word_similar=word)
        .annotate(typed=Value(word))
        .values_list("typed", "word")
        for word in words
        if len(word) >= 4
    ]
    if near:
        for typed, word in near[0].union(*near[1:], all=True):
            if word != typed.lower():
                spellings[typed].append(word)
    return spellings


def _any_of(spellings: list[str]) -> SearchQuery:
    query = SearchQuery(spellings[0], config=CONFIG, search_type="plain")
    for spelling in spellings[1:]:
        query |= SearchQuery(spelling, config=CONFIG, search_type="plain")
    return query


def _word_matches(versions, word: str, spellings: list[str]) -> Q:
    """One word matches an SOP by number, or by its stemmed title or text in any of its spellings.

    Set-based (the SOPs of the matching versions), so the GIN indexes answer it instead of a text
    scan per SOP.
    """
    query = _any_of(spellings)
    in_text = versions.annotate(document=SearchVector("search_text", config=CONFIG)).filter(document=query)
    in_title = SOP.objects.annotate(document=SearchVector("title", config=CONFIG)).filter(document=query)
    return Q(number__icontains=word) | Q(pk__in=in_title.values("pk")) | Q(pk__in=in_text.values("sop_id"))


def _postgresql(qs, versions, text, words):
    # Every word must match (as on SQLite); ts_rank is for ordering only (it gives 1e-20, not 0, for a miss).
    words = words[:MAX_WORDS]
    spellings = _spellings(words)
    for word in words:
        qs = qs.filter(_word_matches(versions, word, spellings[word]))
    # Ranked by the title (stemmed words, then likeness to what was typed): ranking by the texts
    # too would stem every matching version's whole text again, for each search.
    query = _any_of([spelling for word in words for spelling in spellings[word]])
    return qs.annotate(
        score=SearchRank(SearchVector("title", config=CONFIG), query) * 2 + TrigramWordSimilarity(text, "title")
    ).order_by("-score", "number")
