"""The competence quiz of an SOP version, written as plain text (pure: text in, questions out).

A drafter writes it the way a quiz is written on paper, one question after another, separated by an
empty line; each answer on its own line, "-" before a wrong one and "*" before the right one:

    Berapa lama perekaman data biometrik?
    - 5 menit
    * 15 menit
    - 1 hari

3 to 10 questions, each with 2 to 5 answers of which exactly one is right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

MIN_QUESTIONS, MAX_QUESTIONS = 3, 10
MIN_OPTIONS, MAX_OPTIONS = 2, 5


@dataclass(frozen=True)
class Question:
    text: str
    options: tuple[str, ...]
    answer: int  # the place of the right option, from 0

    def to_json(self) -> dict:
        return {"text": self.text, "options": list(self.options), "answer": self.answer}

    @classmethod
    def from_json(cls, data: dict) -> Question:
        return cls(data["text"], tuple(data["options"]), data["answer"])


class QuizError(ValueError):
    """A quiz text that cannot be read; the message says where and why, for the person who wrote it."""


def parse(text: str) -> list[Question]:
    """The questions ``text`` writes; raises QuizError naming the question at fault."""
    blocks = [b for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()) if b.strip()]
    if not MIN_QUESTIONS <= len(blocks) <= MAX_QUESTIONS:
        raise QuizError(
            _("Kuis berisi %(min)s sampai %(max)s pertanyaan; yang tertulis %(n)s.")
            % {"min": MIN_QUESTIONS, "max": MAX_QUESTIONS, "n": len(blocks)}
        )
    questions = []
    for n, block in enumerate(blocks, start=1):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        asked = [line for line in lines if not line.startswith(("-", "*"))]
        options = [line for line in lines if line.startswith(("-", "*"))]
        where = {"n": n}
        if len(asked) != 1 or lines[0] not in asked:
            raise QuizError(_("Pertanyaan %(n)s: tulis pertanyaannya di baris pertama, lalu jawabannya.") % where)
        if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
            raise QuizError(
                _("Pertanyaan %(n)s: beri %(min)s sampai %(max)s pilihan jawaban, masing-masing diawali - atau *.")
                % {**where, "min": MIN_OPTIONS, "max": MAX_OPTIONS}
            )
        right = [i for i, option in enumerate(options) if option.startswith("*")]
        if len(right) != 1:
            raise QuizError(_("Pertanyaan %(n)s: tandai tepat satu jawaban benar dengan *.") % where)
        texts = tuple(option[1:].strip() for option in options)
        if any(not t for t in texts):
            raise QuizError(_("Pertanyaan %(n)s: ada pilihan jawaban yang kosong.") % where)
        question = re.sub(r"^\d+[.)]\s*", "", asked[0])
        if len(question) > 500 or any(len(t) > 300 for t in texts):
            raise QuizError(_("Pertanyaan %(n)s terlalu panjang.") % where)
        questions.append(Question(question, texts, right[0]))
    return questions


def to_text(questions: list[Question]) -> str:
    """The questions written back as the drafter wrote them."""
    return "\n\n".join(
        "\n".join([q.text, *(("* " if i == q.answer else "- ") + o for i, o in enumerate(q.options))])
        for q in questions
    )


def score(questions: list[Question], chosen: dict[int, int]) -> tuple[int, list[int]]:
    """The percentage of right answers in ``chosen`` (question place -> option place) and the numbers
    (from 1) of the questions answered wrongly or not at all."""
    wrong = [n for n, q in enumerate(questions, start=1) if chosen.get(n - 1) != q.answer]
    return round(100 * (len(questions) - len(wrong)) / len(questions)), wrong
