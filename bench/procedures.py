"""Deterministic SOP content of any size, for benchmarks."""

import random
from decimal import Decimal

from sop.content import ActorData, StepData, VersionContent

WORDS = ["menerima", "memeriksa", "berkas", "surat", "permohonan", "menyetujui", "mencatat", "laporan", "dokumen"]


def procedure(steps: int, actors: int = 5, seed: int = 0) -> VersionContent:
    """A realistic procedure: a decision in six, looping back a few steps."""
    rng = random.Random(seed)
    cast = tuple(ActorData(i + 1, f"Pelaksana {i + 1}") for i in range(actors))
    rows = []
    for n in range(1, steps + 1):
        actor = cast[(n * 7 + rng.randrange(2)) % actors].key
        text = f"Langkah {n}: " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 14)))
        if n == steps:
            rows.append(StepData(n, "end", text, actor))
        elif n > 2 and n % 6 == 0:
            rows.append(StepData(n, "decision", text + "?", actor, yes=n + 1, no=max(1, n - rng.randint(1, 4))))
        else:
            rows.append(
                StepData(
                    n,
                    "start" if n == 1 else "activity",
                    text,
                    actor,
                    next=n + 1,
                    requirements="Berkas permohonan, formulir",
                    duration_value=Decimal(rng.randint(1, 30)),
                    duration_unit="menit",
                    output="Hasil pemeriksaan",
                    notes="-",
                )
            )
    return VersionContent(
        number="SOP-BENCH",
        title=f"Prosedur {steps} langkah",
        actors=cast,
        steps=tuple(rows),
        status="in_force",
        signer_name="Kepala",
    )
