"""Measure the importer: read folders of signed PDFs and compare with the expected results typed from them."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from digitise.reader.evaluation import compare, table
from digitise.reader.result import Refused, to_json
from digitise.reader.sandbox import read_limited


class Command(BaseCommand):
    help = (
        "Imports every PDF of the given folders (saving nothing), compares each with its expected result "
        "(a JSON file of the same name in --expected, where there is one) and prints per document and in "
        "total: identity fields exactly right, steps found against present, kegiatan text exactly right, "
        "actor right, kind right and mutu baku fields right."
    )

    def add_arguments(self, parser):
        parser.add_argument("folders", nargs="+")
        parser.add_argument(
            "--expected",
            default=str(Path(settings.BASE_DIR) / "tests" / "digitise" / "expected"),
            help="folder of expected results (NAME.json for NAME.pdf)",
        )
        parser.add_argument("--verbose", action="store_true", help="list every difference")

    def handle(self, *args, folders, expected, verbose, **options):
        scores, unchecked, refused = [], [], []
        for path in sorted(p for folder in folders for p in Path(folder).glob("*.pdf")):
            try:
                actual = to_json(read_limited(path.read_bytes()), file=path.name)
            except Refused as refusal:
                refused.append(f"{path.name}: {refusal}")
                continue
            want = Path(expected) / f"{path.stem}.json"
            if not want.exists():
                unchecked.append(f"{path.name}: {len(actual['steps'])} langkah, {len(actual['warnings'])} catatan")
                continue
            score = compare(json.loads(want.read_text()), actual)
            scores.append(score)
            if verbose:
                for difference in score.differences:
                    self.stdout.write(f"  {path.name}: {difference}")
        if scores:
            self.stdout.write(table(scores))
        for line in unchecked:
            self.stdout.write(f"tanpa hasil yang diharapkan: {line}")
        for line in refused:
            self.stdout.write(f"ditolak: {line}")
