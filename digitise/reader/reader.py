"""Read a text-based SOP AP PDF into an ImportResult: pure, no queries (run it in ``sandbox``)."""

from __future__ import annotations

import io
import itertools
import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from . import flow
from .dates import parse_date
from .geometry import Line, PageImage, Shape, Word, inside, join_lines, joined, lines_of, words_of
from .result import Identity, ImportedStep, ImportResult, Refused, Signer

MAX_PAGES = 60
# The largest side of a page (points): A0 is 3370; a drawing office's largest roll is about 5000.
MAX_PAGE_POINTS = 5000
# A page with fewer characters than this has no text layer to speak of (a scan).
MIN_CHARS = 40


def read_pdf(data: bytes) -> ImportResult:
    """The identity sheet and flowchart matrix of an SOP AP PDF; raises Refused for what is not one."""
    import pdfplumber
    import pypdfium2
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    if not data.startswith(b"%PDF-"):
        raise Refused(_("Berkas ini bukan PDF."))
    try:
        plumber = pdfplumber.open(io.BytesIO(data))
        page_count = len(plumber.pages)
    except Exception as error:  # pdfminer raises many kinds for a broken file; pdfplumber wraps them
        causes = [error, *error.args, error.__context__]
        if any(isinstance(c, MemoryError) for c in causes):
            raise MemoryError from error  # the sandbox's limit, not a broken file
        if any(isinstance(c, PDFPasswordIncorrect | PDFEncryptionError) for c in causes):
            raise Refused(_("PDF ini terkunci dengan kata sandi; buka kuncinya lalu unggah lagi.")) from None
        raise Refused(_("PDF ini rusak atau tidak lengkap sehingga tidak dapat dibaca.")) from None
    if page_count > MAX_PAGES:
        raise Refused(
            _("PDF ini %(pages)s halaman; satu SOP paling banyak %(max)s halaman. Pisahkan per SOP lalu unggah lagi.")
            % {"pages": page_count, "max": MAX_PAGES}
        )
    try:
        pdfium = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        if "memory" in str(error).lower():
            raise MemoryError from error
        raise Refused(_("PDF ini rusak atau tidak lengkap sehingga tidak dapat dibaca.")) from None
    result = ImportResult(pages=page_count)
    try:
        pages = []
        for index, page in enumerate(plumber.pages):
            if max(page.width, page.height) > MAX_PAGE_POINTS:
                # Read as a picture, such a page would take gigabytes; no SOP is printed on it.
                raise Refused(
                    _("Halaman %(page)s berukuran %(w)s × %(h)s pt; ukuran halaman ini tidak wajar untuk SOP.")
                    % {"page": index + 1, "w": round(page.width), "h": round(page.height)}
                )
            try:
                words = words_of(page)
                chars = page.chars
            except MemoryError:
                raise
            except Exception:
                raise Refused(_("PDF ini rusak atau tidak lengkap sehingga tidak dapat dibaca.")) from None
            pages.append((index, page, words, chars))
        if sum(len(chars) for _i, _p, _w, chars in pages) < MIN_CHARS * page_count:
            raise Refused(
                _(
                    "PDF ini tidak memiliki lapisan teks (hasil pindai). Importir hanya membaca PDF berteks; "
                    "ketik ulang SOP ini atau ubah dulu dengan OCR."
                )
            )
        identity_page = next((p for p in pages if _labels(p[2])), None)
        if identity_page is None:
            raise Refused(_("Dokumen ini bukan SOP AP: lembar identitas (NOMOR SOP, NAMA SOP) tidak ditemukan."))
        index, page, words, chars = identity_page
        result.identity = _read_identity(_above_matrix(words), result.warnings, index + 1)
        layout = None
        for index, page, words, chars in pages:
            header = _header(words)
            if header is None and layout is None:
                continue
            image = PageImage(pdfium[index], chars, page.objects)
            if header is None:
                if not _read_continuation(result, words, image, layout, index + 1):
                    layout = None
            else:
                layout = _read_matrix(result, words, image, header, index + 1)
            result.links.extend(flow.page_links(image, words, result.placed.get(index + 1, [])))
        if not result.steps and _pictured(plumber.pages[identity_page[0] :]):
            # The flowchart is a picture (scanned, or pasted as an image): the identity sheet, which has
            # its text, is read; the steps are left for the person to type, and the warning says so.
            result.warnings.append(
                _(
                    "Diagram alir dokumen ini berupa gambar (hasil pindai atau tempelan gambar), bukan teks: "
                    "lembar identitas terbaca, langkah-langkahnya perlu diketik di editor dengan melihat "
                    "dokumen asli."
                )
            )
            return result
        if not result.steps:
            raise Refused(
                _("Dokumen ini bukan SOP AP: tabel diagram alir (Kegiatan, Pelaksana, Mutu Baku) tidak ditemukan.")
            )
        _link_steps(result)
    finally:
        plumber.close()
        pdfium.close()
    return result


def _pictured(pages) -> bool:
    """Whether pictures take much of one of ``pages`` (together at least a fifth of it; a scanned
    table may come in strips): where a flowchart printed as an image stands. A logo or a QR code is
    far smaller."""
    return any(
        sum((image["x1"] - image["x0"]) * (image["bottom"] - image["top"]) for image in page.images)
        >= 0.2 * page.width * page.height
        for page in pages
    )


def normal(text: str) -> str:
    """One line of text as a person would type it: single spaces, no space inside brackets."""
    text = " ".join(unicodedata.normalize("NFKC", text).split())
    return re.sub(r"\s+\)", ")", re.sub(r"\(\s+", "(", text))


# --- Identity sheet -------------------------------------------------------------------------------

# Label words of the identity sheet's right-hand table (upper-cased, punctuation dropped).
LABELS = {
    "nomor": ("NOMOR SOP", "NO SOP"),
    "pembuatan": ("TGL PEMBUATAN", "TANGGAL PEMBUATAN"),
    "revisi": ("TGL REVISI", "TANGGAL REVISI"),
    "efektif": ("TGL EFEKTIF", "TANGGAL EFEKTIF"),
    "disahkan": ("DISAHKAN OLEH",),
    "nama": ("NAMA SOP", "JUDUL SOP"),
}
# Box headings of the lower half (each alone in its cell, with or without a colon).
HEADINGS = {
    "dasar_hukum": ("DASAR HUKUM",),
    "keterkaitan": ("KETERKAITAN",),
    "peringatan": ("PERINGATAN",),
    "kualifikasi_pelaksana": ("KUALIFIKASI PELAKSANA", "KUALIFIKASI PELAKSANAAN", "KUALIFIKASI"),
    "peralatan": ("PERALATAN/PERLENGKAPAN", "PERALATAN/ PERLENGKAPAN", "PERALATAN DAN PERLENGKAPAN", "PERALATAN"),
    "pencatatan": ("PENCATATAN DAN PENDATAAN", "PENCATATAN/PENDATAAN", "PENCATATAN/ PENDATAAN", "PENCATATAN"),
}
LEFT_BOXES = ("dasar_hukum", "keterkaitan", "peringatan")
RIGHT_BOXES = ("kualifikasi_pelaksana", "peralatan", "pencatatan")
# What stands below the identity boxes: BSrE's note, and the portal's own hash line and page footer.
FOOTER = re.compile(
    r"^\*|dokumen ini telah ditandatangani|pindai kode qr|^sidik isi \(sha-256\)|·\s*revisi\s+\d+\b|^halaman \d+ / \d+$",
    re.IGNORECASE,
)
NIP = re.compile(r"^NIP\.?\s*:?\s*([\d\s]{18,24})$", re.IGNORECASE)


def _key(text: str) -> str:
    return " ".join(re.sub(r"[.:]", " ", text.upper()).split())


def _find_phrase(words: list[Word], phrases: tuple[str, ...], *, alone: bool = False) -> tuple[Word, Word] | None:
    """The first and last word of the first occurrence of one of ``phrases`` on one line.

    ``alone``: the phrase must stand by itself in its cell (a heading), not inside a sentence.
    """
    for line in lines_of(words):
        texts = [_key(w.text) for w in line.words]
        for phrase in phrases:
            parts = phrase.split()
            for i in range(len(texts) - len(parts) + 1):
                if " ".join(texts[i : i + len(parts)]) != phrase:
                    continue
                chosen = line.words[i : i + len(parts)]
                if alone:
                    before = line.words[i - 1] if i > 0 else None
                    after = next((w for w in line.words[i + len(parts) :] if _key(w.text)), None)
                    if (before and chosen[0].x0 - before.x1 < 25) or (after and after.x0 - chosen[-1].x1 < 25):
                        continue
                return chosen[0], chosen[-1]
    return None


def _labels(words: list[Word]) -> dict[str, tuple[Word, Word]]:
    found = {key: _find_phrase(words, phrases) for key, phrases in LABELS.items()}
    found = {k: v for k, v in found.items() if v}
    return found if {"nomor", "nama"} <= found.keys() else {}


def _above_matrix(words: list[Word]) -> list[Word]:
    """The words above the flowchart matrix when it begins on the identity sheet's page (procurement
    SOPs, one-page SOPs): the sheet's last boxes end where the matrix's header begins."""
    header = _header(words)
    if header is None:
        return words
    anchor = header["kegiatan"]
    top = min(w.top for w in header.values() if abs(w.cy - anchor.cy) < 20) - 4
    above = [w for w in words if w.bottom <= top]
    return above if _labels(above) else words  # a header among the sheet's own labels is no matrix below it


def _read_identity(words: list[Word], warnings: list[str], page: int) -> Identity:
    labels = _labels(words)
    identity = Identity()
    label_left = min(first.x0 for first, _last in labels.values())
    value_left = max(last.x1 for _first, last in labels.values()) + 2
    headings = {key: _find_phrase(words, phrases, alone=True) for key, phrases in HEADINGS.items()}
    headings = {k: v for k, v in headings.items() if v}
    upper_bottom = min((first.top for first, _l in headings.values()), default=10_000)

    def value_lines(top: float, bottom: float) -> list[Line]:
        return lines_of(inside(words, value_left, 10_000, top, bottom))

    def value(key: str) -> str:
        """A one-line value: the words on the label's own line, right of the labels."""
        if key not in labels:
            return ""
        label = labels[key][0]
        return normal(" ".join(line.text for line in value_lines(label.top - 1.5, label.bottom + 1.5)))

    # The signer's block and the title may sit anywhere in their rows (centred on the label, or not):
    # the block runs from under the last one-line value to the title, which starts at its label.
    one_line = [labels[k][0].bottom + 1.5 for k in ("nomor", "pembuatan", "revisi", "efektif") if k in labels]
    block_top = max(one_line, default=labels["nama"][0].top - 80)
    if "nama" in labels:
        nama = labels["nama"][0]
        title = value_lines(nama.top - 1.5, upper_bottom - 1)
        identity.nama = normal(" ".join(line.text for line in title if not NIP.match(normal(line.text))))
        identity.disahkan_oleh = _signer(words, value_left, (block_top, nama.top - 1.5))
    identity.nomor = value("nomor")
    for key, name in (("pembuatan", "tanggal_pembuatan"), ("revisi", "tanggal_revisi"), ("efektif", "tanggal_efektif")):
        text = value(key)
        day = parse_date(text)
        setattr(identity, name, day)
        identity.confidence[name] = 1.0 if day or text in {"", "-"} else 0.0
        if text and text != "-" and day is None:
            warnings.append(_('Halaman %(page)s: tanggal "%(text)s" tidak terbaca.') % {"page": page, "text": text})
        if key not in labels:
            warnings.append(
                _("Halaman %(page)s: baris %(label)s tidak ditemukan.") % {"page": page, "label": LABELS[key][0]}
            )
    identity.confidence.update(nomor=1.0 if identity.nomor else 0.0, nama=1.0 if identity.nama else 0.0)
    for field_name in ("nomor", "nama"):
        if not getattr(identity, field_name):
            warnings.append(_("Halaman %(page)s: %(label)s kosong.") % {"page": page, "label": field_name.upper()})
    if not identity.disahkan_oleh.nama:
        warnings.append(_("Halaman %(page)s: nama pengesah tidak terbaca.") % {"page": page})
    identity.agency_lines = [
        normal(line.text)
        for line in lines_of(inside(words, 0, label_left - 4, 0, upper_bottom))
        if not FOOTER.search(line.text) and not re.fullmatch(r"-?\s*\d+\s*-?", line.text)
    ]
    _read_boxes(identity, words, headings, warnings, page)
    return identity


def _signer(words: list[Word], left: float, band: tuple[float, float]) -> Signer:
    lines = [normal(line.text) for line in lines_of(inside(words, left, 10_000, *band))]
    signer = Signer()
    rest = []
    for text in lines:
        match = NIP.match(text)
        if match:
            signer.nip = re.sub(r"\D", "", match.group(1))
        elif text:
            rest.append(text)
    if rest:
        signer.nama = rest[-1]
        signer.jabatan = " ".join(rest[:-1])
    return signer


def _read_boxes(identity: Identity, words: list[Word], headings: dict, warnings: list[str], page: int) -> None:
    footer_top = min((line.top for line in lines_of(words) if FOOTER.search(line.text)), default=10_000)
    right_heads = [headings[k][0].x0 for k in RIGHT_BOXES if k in headings]
    left_heads = [headings[k][1].x1 for k in LEFT_BOXES if k in headings]
    if not right_heads:
        warnings.append(
            _("Halaman %(page)s: kotak isian identitas (Dasar hukum dan lainnya) tidak ditemukan.") % {"page": page}
        )
        return
    split = min(right_heads) - 3
    if left_heads and max(left_heads) > split:  # a right heading centred in its box: split halfway
        split = (max(left_heads) + min(right_heads)) / 2
    for column, (x0, x1) in ((LEFT_BOXES, (0, split)), (RIGHT_BOXES, (split, 10_000))):
        found = sorted((headings[k][0].top, k) for k in column if k in headings)
        in_column = inside(words, x0, x1, min((t for t, _k in found), default=0), footer_top)
        column_left = min((w.x0 for w in in_column), default=x0)
        column_right = max((w.x1 for w in in_column), default=x1)
        for i, (_top, key) in enumerate(found):
            bottom = found[i + 1][0] - 1 if i + 1 < len(found) else footer_top - 1
            head = headings[key]
            box_words = [
                w
                for w in inside(words, x0, x1, head[0].bottom - 1, bottom)
                if not (
                    head[0].top - 1 <= w.cy <= head[1].bottom + 1 and w.x0 >= head[0].x0 - 1 and w.x1 <= head[1].x1 + 12
                )
            ]
            setattr(identity, key, list_items(box_words, left_edge=column_left, right_edge=column_right))
            identity.confidence[key] = 1.0
        for key in column:
            if key not in headings:
                identity.confidence[key] = 0.0
                warnings.append(
                    _("Halaman %(page)s: kotak %(box)s tidak ditemukan.") % {"page": page, "box": HEADINGS[key][0]}
                )


MARKER_WORD = re.compile(r"^(\d{1,2}[.)]?|[a-zA-Z][.)]|(?:I|II|III|IV|V|VI|VII|VIII|IX|X)[.)]|[-•*])$")
MARKER_PREFIX = re.compile(r"^(\d{1,2}[.)]|[-•])(?=\S)")


def _segments(line: Line) -> list[list[Word]]:
    """A line cut where a list marker follows a wide gap: lists printed in two columns."""
    parts: list[list[Word]] = [[]]
    for word in line.words:
        previous = parts[-1][-1] if parts[-1] else None
        if previous and MARKER_WORD.match(word.text) and word.x0 - previous.x1 > 20 and word.text[:1].isdigit():
            parts.append([])
        parts[-1].append(word)
    return parts


def list_items(words: list[Word], *, left_edge: float, right_edge: float) -> list[str]:
    """The numbered (or bulleted) entries of an identity box, markers dropped, wrapped lines joined."""
    lines = lines_of(words)
    if not lines:
        return []
    rows: list[tuple[str, float, str]] = []  # (marker or "", marker centre, text)
    for line in lines:
        for ws in _segments(line):
            first = ws[0].text
            if MARKER_WORD.match(first) and (len(ws) > 1 or not first[:-1].isalpha()):
                rows.append((first, ws[0].cy, normal(" ".join(w.text for w in ws[1:]))))
            elif MARKER_PREFIX.match(first):
                rows.append(
                    (
                        MARKER_PREFIX.match(first).group(1),
                        ws[0].cy,
                        normal(MARKER_PREFIX.sub("", " ".join(w.text for w in ws), count=1)),
                    )
                )
            else:
                rows.append(("", ws[0].cy, normal(" ".join(w.text for w in ws))))
    markers = [r for r in rows if r[0]]
    if not markers:
        return _paragraphs(lines, left_edge, right_edge)
    if any(mark and not text for mark, _cy, text in rows):
        return _centred_items(rows)
    items: list[tuple[str, str]] = []
    for mark, _cy, text in rows:
        if mark or not items:
            items.append((mark, text))
        else:
            items[-1] = (items[-1][0], join_lines(items[-1][1], text))
    numbers = [int(re.sub(r"\D", "", m)) if re.match(r"\d", m) else None for m, _t in items]
    # Numbered entries laid out in several columns are read across; put them back in their order.
    if None not in numbers and sorted(numbers) == list(range(1, len(items) + 1)) and numbers != sorted(numbers):
        items = [item for _n, item in sorted(zip(numbers, items, strict=True))]
    return [normal(text) for _m, text in items if normal(text)]


def _centred_items(rows: list[tuple[str, float, str]]) -> list[str]:
    """Markers printed in their own column, centred on a multi-line entry: split the text between them."""
    texts = [(cy, text) for mark, cy, text in rows if text]
    marks = [cy for mark, cy, _t in rows if mark]
    items: list[list[str]] = [[] for _m in marks]
    # Each text line goes to the marker it follows (or meets); an entry ends where a sentence ends.
    current = 0
    for cy, text in texts:
        while current + 1 < len(marks) and cy >= marks[current + 1] - 1:
            current += 1
        if items[current] and items[current][-1].rstrip().endswith((";", ".")) and current + 1 < len(marks):
            current += 1
        items[current].append(text)
    joined_items = []
    for parts in items:
        text = ""
        for part in parts:
            text = join_lines(text, part)
        if text:
            joined_items.append(normal(text))
    return joined_items


def _paragraphs(lines: list[Line], left_edge: float, right_edge: float) -> list[str]:
    """Unnumbered entries: a line that runs to the box's edge, or that the next one continues, wraps."""
    items: list[str] = []
    previous: Line | None = None
    margin = 0.12 * max(right_edge - left_edge, 1)
    for line in lines:
        text = normal(line.text)
        wrapped = previous is not None and (previous.x1 >= right_edge - margin or text[:1].islower())
        if items and wrapped:
            items[-1] = join_lines(items[-1], text)
        else:
            items.append(text)
        previous = line
    return items


# --- Flowchart matrix -----------------------------------------------------------------------------

HEADER_WORDS = {
    "no": re.compile(r"^no\.?$", re.IGNORECASE),
    "kegiatan": re.compile(
        r"^(kegiatan|uraian|aktivitas|uraian kegiatan|aktivitas/kegiatan|kegiatan/aktivitas)$", re.IGNORECASE
    ),
    "pelaksana": re.compile(r"^pelaksana$", re.IGNORECASE),
    "kelengkapan": re.compile(r"^(kelengkapan|persyaratan.*|input|sumber|bahan|dokumen)$", re.IGNORECASE),
    "waktu": re.compile(r"^waktu$", re.IGNORECASE),
    "output": re.compile(r"^(output|keluaran|hasil)$", re.IGNORECASE),
    "keterangan": re.compile(r"^(ket\.?|keterangan)$", re.IGNORECASE),
}
MUTU = ("kelengkapan", "waktu", "output")


def _header(words: list[Word]) -> dict[str, Word] | None:
    """The header words of a flowchart matrix on this page (Kegiatan, Pelaksana/Mutu Baku, Waktu):
    around a "Kegiatan" with a "Waktu" and an "Output" or "Pelaksana" beside it. The same words in the
    text above it (an identity sheet on the same page, "... waktu maupun output ...") are not one."""
    candidates: dict[str, list[Word]] = {key: [] for key in HEADER_WORDS}
    for word in sorted(words, key=lambda w: w.top):
        for key, pattern in HEADER_WORDS.items():
            if pattern.match(word.text.strip(":")):
                candidates[key].append(word)
    headers = []
    for anchor in candidates["kegiatan"]:
        # Header words lie within a band around "Kegiatan"; a word of the same spelling in a step is not one.
        found = {"kegiatan": anchor}
        for key, near in candidates.items():
            beside = [w for w in near if abs(w.cy - anchor.cy) < 45]
            if key != "kegiatan" and beside:
                # "Pelaksana" spans the lanes above their titles (one of which may say "Pelaksana ...");
                # the others stand in the anchor's row or just above or below it.
                found[key] = beside[0] if key == "pelaksana" else min(beside, key=lambda w: abs(w.cy - anchor.cy))
        if "waktu" in found and {"pelaksana", "output"} & found.keys():
            headers.append(found)
    # The header names more of its columns than a sentence uses of those words, and they stand closer
    # together (a sentence just above the header, in the identity sheet's last box, reaches into it).
    return max(headers, key=lambda h: (len(h), -sum(abs(w.cy - h["kegiatan"].cy) for w in h.values())), default=None)


NUMBER = re.compile(r"^\d{1,3}\.?$")
COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")


@dataclass(frozen=True)
class Layout:
    """The columns of a flowchart matrix, found under its header; a page without a header of its own
    (the table simply goes on) is read with the previous page's."""

    boxes: dict[str, tuple[float, float]]  # No, Kegiatan, mutu baku and Keterangan columns
    lanes: tuple[tuple[float, float], ...]  # the actor columns, left to right
    actors: tuple[str, ...]
    row_column: tuple[float, float]
    table_left: float


def _read_matrix(
    result: ImportResult, words: list[Word], image: PageImage, h: dict[str, Word], page: int
) -> Layout | None:
    anchor = h.get("no") or h["kegiatan"]
    # The rule under the header: the first ink below the "No"/"Kegiatan" header word.
    runs = [r for r in image.dark_runs_down(anchor.cx, anchor.bottom + 0.5, image.height) if r[1] - r[0] < 4]
    above = [r for r in image.dark_runs_down(anchor.cx, 0, anchor.top) if r[1] - r[0] < 4]
    if not runs:
        result.warnings.append(_("Halaman %(page)s: garis tabel diagram alir tidak terbaca.") % {"page": page})
        return None
    header_bottom = runs[0][0]
    below = image.dark_runs_down(anchor.cx, anchor.bottom + 0.5, image.height)
    if below and below[0][1] - below[0][0] >= 4 and below[0][1] < header_bottom:
        header_bottom = below[0][1]  # a shaded header (and its row of numbers) ends where its fill does
    table_top = above[-1][0] if above else min(w.top for w in h.values()) - 1
    shade = image.dark_runs_down(anchor.cx, 0, anchor.top)
    if shade and shade[-1][1] - shade[-1][0] >= 4 and shade[-1][1] >= anchor.top - 1:
        # A shaded header: its fill reaches down to the header word, and the table begins where it does
        # (the thin rule above it may be the top of a box of the identity sheet, on the same page).
        table_top = max(table_top, shade[-1][0])
    body = [r[0] for r in runs[1:4]]
    header_rules = image.vertical_rules(
        header_bottom - 3, confirm_at=tuple((a + b) / 2 for a, b in zip([header_bottom, *body], body, strict=False))
    )
    left_rule = max((x for x in header_rules if x < anchor.x0), default=None)
    right_rule = min((x for x in header_rules if x > anchor.x1), default=None)
    if left_rule is None or right_rule is None:
        result.warnings.append(_("Halaman %(page)s: kolom tabel diagram alir tidak terbaca.") % {"page": page})
        return None
    bands = _bands(words, image, (left_rule, right_rule), header_rules[0], header_bottom - 1)
    rules = list(header_rules)
    # The row of column numbers (1, 2, 3 ... or (1), (2) ...) under the header is not a step; where a
    # lane has no rule of its own (seen: two lane titles in one header cell), its number still shows it.
    if bands:
        first = inside(words, 0, 10_000, *bands[0])
        if len(first) >= 3 and all(COLUMN_NUMBER.match(w.text) for w in first):
            bands = bands[1:]
            centres = sorted(w.cx for w in first)
            for a, b in itertools.pairwise(header_rules):
                within = [c for c in centres if a < c < b]
                rules.extend((x + y) / 2 for x, y in itertools.pairwise(within))
            rules.sort()
    columns = list(itertools.pairwise(rules))
    if len(columns) < 4:
        result.warnings.append(_("Halaman %(page)s: kolom tabel diagram alir tidak terbaca.") % {"page": page})
        return None

    def column_of(word: Word | None) -> int | None:
        if word is None:
            return None
        return next((i for i, (a, b) in enumerate(columns) if a <= word.cx < b), None)

    roles = {key: column_of(word) for key, word in h.items() if key != "pelaksana"}
    kegiatan = roles.get("kegiatan")
    first_mutu = min((roles[k] for k in MUTU if roles.get(k) is not None), default=None)
    if kegiatan is None or first_mutu is None or first_mutu - kegiatan < 2:
        result.warnings.append(_("Halaman %(page)s: kolom pelaksana tidak ditemukan.") % {"page": page})
        return None
    lanes = tuple(columns[i] for i in range(kegiatan + 1, first_mutu))
    names = []
    for a, b in lanes:
        # A lane's title fills its header cell: from the table's top (a cell of two header rows) or
        # under "Pelaksana", and it may run over the header's bottom rule (its words start above it).
        title = [
            w
            for w in words
            if a <= w.cx < b and w.cy > table_top and w.top < header_bottom - 1 and w is not h.get("pelaksana")
        ]
        # The column's number, where the row of numbers has no rule of its own above it: "(3)" alone
        # on the title's last line ("Pelaksana 1" keeps its 1).
        lowest = max((w.top for w in title), default=0)
        last_line = [w for w in title if abs(w.top - lowest) < 1]
        if len(title) > 1 and len(last_line) == 1 and COLUMN_NUMBER.match(last_line[0].text):
            title = [w for w in title if w is not last_line[0]]
        names.append(normal(joined(title).replace("\n", " ")))
    layout = Layout(
        boxes={key: columns[index] for key, index in roles.items() if index is not None},
        lanes=lanes,
        actors=tuple(_merge_actors(result, names, page)),
        row_column=(left_rule, right_rule),
        table_left=header_rules[0],
    )
    _read_body(result, words, image, layout, bands, page)
    return layout


def _bands(words: list[Word], image: PageImage, row_column: tuple[float, float], table_left: float, top: float):
    """The rows of the table below ``top``: between the ruled lines crossing its first column."""
    left_rule, right_rule = row_column
    # The foot of a shaded header (its rule drawn into its fill) ends a row as a rule does.
    shaded = [b for a, b in image.dark_runs_down(left_rule + 2.5, top, image.height) if 4 <= b - a < 60]
    row_rules = sorted(
        {
            *image.horizontal_rules(left_rule + 2.5, top, image.height),
            *image.horizontal_rules(right_rule - 2.5, top, image.height),
            *shaded,
        }
    )
    row_rules = [r for i, r in enumerate(row_rules) if i == 0 or r - row_rules[i - 1] >= 2]
    # A row lies inside the table: its left border runs beside it (a footer under the table has none).
    return [
        (t, u)
        for t, u in itertools.pairwise(row_rules)
        if u - t > 6
        and image.dark_runs_across((t + u) / 2, table_left - 1.5, table_left + 1.5)
        and not any(FOOTER.search(line.text) for line in lines_of(inside(words, 0, 10_000, t, u)))
    ]


def _read_continuation(result: ImportResult, words: list[Word], image: PageImage, layout: Layout, page: int) -> bool:
    """A page whose table goes on without a header: read with the last header's columns, when its
    first column holds step numbers where that header had it."""
    a, b = layout.row_column
    if not any(NUMBER.match(w.text) for w in inside(words, a, b, 0, 10_000)):
        return False
    bands = _bands(words, image, layout.row_column, layout.table_left, 0)
    if not bands:
        return False
    _read_body(result, words, image, layout, bands, page)
    return True


def _read_body(result, words, image, layout: Layout, bands, page: int) -> None:
    if not bands:
        return  # a header at the foot of its page (its rows follow overleaf)
    # A mutu baku cell may span several rows (one duration for two steps): every one of them gets it.
    spans: dict[str, list[tuple[float, float]]] = {}
    for key in ("kelengkapan", "waktu", "output", "keterangan"):
        if key not in layout.boxes:
            continue
        a, b = layout.boxes[key]
        groups = [[0]]
        for i in range(1, len(bands)):
            if image.ruled_across(bands[i][0], a, b):
                groups.append([i])
            else:
                groups[-1].append(i)
        spans[key] = [(bands[g[0]][0], bands[g[-1]][1]) for g in groups for _i in g]
    for index, band in enumerate(bands):
        cells = {key: (*layout.boxes[key], *spans.get(key, bands)[index]) for key in layout.boxes}
        _read_row(result, words, image, cells, list(layout.lanes), list(layout.actors), band, page)


def _merge_actors(result: ImportResult, names: list[str], page: int) -> list[str]:
    """The actor names of this page's columns; a later page repeats the first page's header."""
    if not result.actors:
        result.actors = list(names)
    elif names != result.actors:
        for name in names:
            if name not in result.actors:
                result.actors.append(name)
        result.warnings.append(
            _("Halaman %(page)s: kolom pelaksana berbeda dari halaman sebelumnya; kolom digabung.") % {"page": page}
        )
    return names


CONTINUED = "(lanjutan)"  # heads the rest of a step carried over to the next page (the portal's PDFs)


def _continue_step(step: ImportedStep, kegiatan: str, cell) -> None:
    """Join the rest of ``step``, carried over to the next page, to what was read of it."""
    rest = kegiatan.removeprefix(CONTINUED).strip()
    if rest:
        step.kegiatan = join_lines(step.kegiatan, rest)
    for name in ("kelengkapan", "output", "keterangan"):
        more = cell(name)
        if more.strip():
            setattr(step, name, join_lines(getattr(step, name), more) if getattr(step, name) else more)
    more = normal(cell("waktu").replace("\n", " "))
    if more:
        step.waktu = join_lines(step.waktu, more) if step.waktu else more


def _read_row(result, words, image, cells, actor_boxes, actors, band, page) -> None:
    """One row of the matrix: a step (``cells``: each column's box, spanning rows where merged)."""
    top, bottom = band

    def cell(key: str) -> str:
        if key not in cells:
            return ""
        return joined(inside(words, *cells[key]))

    number_text = cell("no").strip()
    kegiatan = normal(cell("kegiatan").replace("\n", " "))
    shapes: list[tuple[int, Shape]] = []
    for index, (a, b) in enumerate(actor_boxes):
        for shape in image.shapes(a + 0.6, top + 0.6, b - 0.6, bottom - 0.6):
            shapes.append((index, shape))
    # A symbol drawn across a lane rule is in no lane's box: the lanes are looked at together for it,
    # and it belongs to the lane of its centre.
    left, right = actor_boxes[0][0], actor_boxes[-1][1]
    inner = tuple(b for _a, b in actor_boxes[:-1])
    for shape in image.shapes(left + 0.6, top + 0.6, right - 0.6, bottom - 0.6, rules=inner):
        index = next((i for i, (a, b) in enumerate(actor_boxes) if a <= shape.cx < b), len(actor_boxes) - 1)
        shapes.append((index, shape))
    # Symbols never overlap: of two shapes that do, the wider is paper closed off around the other by
    # lines running beside it (a line joining symbols above, a flow line below), not a symbol.
    shapes = [
        (i, s)
        for i, s in shapes
        if not any(o is not s and _overlapping(o, s) and s.x1 - s.x0 > o.x1 - o.x0 for _j, o in shapes)
    ]
    if not kegiatan and not number_text:
        return  # a row holding only a connector or a line
    if kegiatan.startswith(CONTINUED) and result.steps and number_text.rstrip(".") == str(result.last_printed):
        _continue_step(result.steps[-1], kegiatan, cell)  # the rest of a step too tall for its page
        return
    previous = result.steps[-1].number if result.steps else 0
    restart = False
    if NUMBER.match(number_text):
        printed = int(number_text.rstrip("."))
        if result.steps and printed <= result.last_printed:
            # Numbering starts again: the document holds several flows (one per page, each titled);
            # they are kept in order as one procedure.
            restart = True
            result.number_offset = previous + 1 - printed
            result.warnings.append(
                _(
                    "Halaman %(page)s: penomoran langkah mulai lagi dari %(printed)s (alur berikutnya); langkahnya "
                    "dilanjutkan dari nomor %(number)s."
                )
                % {"page": page, "printed": printed, "number": previous + 1}
            )
        result.last_printed = printed
        number = printed + result.number_offset
    else:
        number = previous + 1
        result.warnings.append(
            _('Halaman %(page)s: baris "%(text)s" tanpa nomor; dianggap langkah %(number)s.')
            % {"page": page, "text": kegiatan[:60], "number": number}
        )
    if not kegiatan:
        result.warnings.append(
            _("Halaman %(page)s, langkah %(number)s: kegiatan kosong.") % {"page": page, "number": number}
        )
    step = ImportedStep(number=number, kegiatan=kegiatan, page=page)
    step.confidence["number"] = 0.5 if restart or not NUMBER.match(number_text) else 1.0
    if restart:
        result.flow_starts.add(number)
    step.kelengkapan = cell("kelengkapan")
    step.waktu = normal(cell("waktu").replace("\n", " "))
    step.output = cell("output")
    step.keterangan = cell("keterangan")
    if step.keterangan.strip() in {"-", "–"}:
        step.keterangan = ""
    for name in ("kelengkapan", "waktu", "output"):
        if getattr(step, name).strip() in {"-", "–"}:
            setattr(step, name, "")
    # A time that reads as a number with its unit is sure; free text ("Semesteran") is kept as printed.
    timed = step.duration.value is not None and bool(step.duration.unit)
    step.confidence = {"kegiatan": 1.0 if kegiatan else 0.0, "waktu": 1.0 if timed or not step.waktu else 0.5}
    result.placed.setdefault(page, []).extend(flow.Placed(number, s) for _i, s in shapes)
    symbols = [(i, s) for i, s in shapes if s.kind != "connector"]
    if not symbols:
        step.confidence["actor"] = 0.0
        result.warnings.append(
            _("Halaman %(page)s, langkah %(number)s: simbol tidak ditemukan di kolom pelaksana; pelaksana perlu diisi.")
            % {"page": page, "number": number}
        )
    else:
        # Several symbols in one row (parallel work, a branch that ends): the first lane is the actor.
        index, shape = min(symbols, key=lambda item: item[1].x0)
        step.actor = actors[index]
        kinds = {s.kind for _i, s in symbols}
        # A terminator drawn beside a box (the start and the first activity in one row) marks the step.
        kind = "terminator" if "terminator" in kinds and "decision" not in kinds else shape.kind
        step.kind = {"terminator": "end", "decision": "decision"}.get(kind, "activity")
        step.confidence["actor"] = 1.0 if len({i for i, _s in symbols}) == 1 else 0.6
        step.confidence["kind"] = 1.0
        lanes = list(dict.fromkeys(i for i, _s in sorted(symbols, key=lambda item: item[1].x0)))
        if len(lanes) > 1 and kinds == {shape.kind} and shape.kind in ("activity", "decision"):
            # The same symbol in several lanes: work done together. The flow enters and leaves one of
            # them (``_main_actors`` finds which, once the page's lines are traced); the first until then.
            step.co_actors = [actors[i] for i in lanes if i != index]
            step.confidence["actor"] = 0.9
            result.joint[number] = [(actors[i], s, flow.carries_flow(image, s)) for i, s in symbols]
        elif len(lanes) > 1:
            others = ", ".join(dict.fromkeys(actors[i] for i, _s in symbols if i != index))
            result.warnings.append(
                _(
                    "Halaman %(page)s, langkah %(number)s: simbol di beberapa kolom (%(actor)s; juga %(others)s); "
                    "dipakai %(actor)s."
                )
                % {"page": page, "number": number, "actor": step.actor, "others": others}
            )
    result.steps.append(step)


def _overlapping(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.top < b.bottom and b.top < a.bottom


def _main_actors(result: ImportResult) -> None:
    """A step drawn in several lanes belongs to the actor of the symbol its flow lines enter and leave:
    the one symbol a line meets other than at the middle of a side, where the line joining them meets
    them (else the one the traced lines touch). The others carry it out with that actor. Where that is
    not one actor (flows through several of them, as parallel branches are drawn), the first lane stays
    the step's actor."""
    touched = [
        shape
        for link in result.links
        if link.target != link.source
        for shape in (link.source_shape, link.target_shape)
        if shape is not None
    ]
    by_number = {s.number: s for s in result.steps}
    for number, drawn in result.joint.items():
        step = by_number.get(number)
        owners = {actor for actor, _shape, flow_meets in drawn if flow_meets}
        if not owners:
            owners = {actor for actor, shape, _flow in drawn if shape in touched}
        if step is None or len(owners) != 1:
            continue  # parallel flows through each symbol (or none seen): the first lane stays
        (owner,) = owners
        if owner != step.actor:
            order = [step.actor, *step.co_actors]
            step.actor, step.co_actors = owner, [a for a in order if a != owner]
        step.confidence["actor"] = 1.0


def _link_steps(result: ImportResult) -> None:
    """Step kinds and the flow: the traced lines where they are clear, else the order of the steps."""
    _main_actors(result)
    steps = result.steps
    numbers = [s.number for s in steps]
    if numbers != list(range(1, len(steps) + 1)):
        result.warnings.append(
            _("Nomor langkah tidak berurutan (%(numbers)s).") % {"numbers": ", ".join(map(str, numbers))}
        )
    known = set(numbers)
    by_source: dict[int, list] = {}
    for link in result.links:
        if link.target != link.source:
            by_source.setdefault(link.source, []).append(link)
    assumed = []
    for position, step in enumerate(steps):
        if step.kind == "end" and (position == 0 or step.number in result.flow_starts):
            step.kind = "start"
        following = steps[position + 1].number if position + 1 < len(steps) else None
        links = by_source.get(step.number, [])
        if step.kind == "decision":
            yes = {link.target for link in links if link.label == "yes"}
            no = {link.target for link in links if link.label == "no"}
            # A branch into an off-page connector goes on where the flow goes on: the next step.
            yes = {following if t is None else t for t in yes}
            no = {following if t is None else t for t in no}
            if len(yes) == 1 and len(no) == 1 and yes != no and (yes | no) <= known | {None}:
                step.yes, step.no = yes.pop(), no.pop()
                step.confidence["flow"] = 0.9
                continue
            step.yes = following
            step.confidence["flow"] = 0.3
            result.warnings.append(
                _(
                    "Langkah %(number)s (keputusan): cabang Ya/Tidak tidak dapat ditelusuri; Ya diisi langkah "
                    "berikutnya, Tidak perlu diisi."
                )
                % {"number": step.number}
            )
            continue
        if step.kind == "end" or following is None:
            continue
        targets = {following if link.target is None else link.target for link in links} & known
        if len(targets) == 1:
            step.next = targets.pop()
            step.confidence["flow"] = 0.9
        else:
            step.next = following
            step.confidence["flow"] = 0.5
            assumed.append(step.number)
    if assumed:
        result.warnings.append(
            _("Garis alir dari langkah %(numbers)s tidak dapat ditelusuri; diasumsikan ke langkah berikutnya.")
            % {"numbers": ", ".join(map(str, assumed))}
        )
