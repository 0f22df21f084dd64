"""Loading inputs: strict decoding, refusals with helpful messages, the Document."""

from __future__ import annotations

import codecs
import hashlib
import random

import pytest

from mbnlp.errors import MbnlpInputError
from mbnlp.loading import Document, decode_bytes, load_document

SEED_PREFIXES = ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize("prefix", SEED_PREFIXES)
def test_every_seed_loads_as_utf8(seed, prefix: str) -> None:
    path = seed(prefix)
    data = path.read_bytes()
    document = load_document(path)
    assert isinstance(document, Document)
    assert document.encoding == "utf-8"
    assert document.source == str(path)
    assert document.doc_id == hashlib.sha256(data).hexdigest()
    assert document.text == data.decode("utf-8")
    assert document.warnings == []


@pytest.mark.parametrize("prefix", SEED_PREFIXES)
def test_reencoded_seed_gives_the_same_text(seed, prefix: str) -> None:
    text = seed(prefix).read_text(encoding="utf-8")
    encodings = {
        "gbk": text.encode("gbk"),
        # every character of the seeds is in GBK, so their GB18030 bytes are GBK bytes
        "gb18030": text.encode("gb18030"),
        "utf-16-le": codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        "utf-16-be": codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        "utf-8-sig": codecs.BOM_UTF8 + text.encode("utf-8"),
    }
    recorded = {name: load_document(data) for name, data in encodings.items()}
    assert {name: document.encoding for name, document in recorded.items()} == {
        "gbk": "gbk",
        "gb18030": "gbk",
        "utf-16-le": "utf-16-le",
        "utf-16-be": "utf-16-be",
        "utf-8-sig": "utf-8-sig",
    }
    assert all(document.text == text for document in recorded.values())
    assert all(document.doc_id == hashlib.sha256(encodings[name]).hexdigest() for name, document in recorded.items())


def test_gb18030_only_characters_are_recorded_as_gb18030(seed) -> None:
    text = seed("004").read_text(encoding="utf-8") + "\n姓名：李䶮\n"  # U+4DAE is not in GBK
    document = load_document(text.encode("gb18030"))
    assert document.encoding == "gb18030"
    assert document.text == text


def test_utf32_with_bom() -> None:
    text, encoding, warnings = decode_bytes(codecs.BOM_UTF32_LE + "金额单位：元".encode("utf-32-le"), "x.txt")
    assert (text, encoding, warnings) == ("金额单位：元", "utf-32-le", [])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "is a PDF; extract its text first (e.g. pdftotext)"),
        (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "ZIP"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "OLE2"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"GIF89a\x01\x00\x01\x00", "GIF"),
        (b"\x1f\x8b\x08\x00", "gzip"),
    ],
)
def test_refusals_name_the_source_and_the_reason(data: bytes, message: str) -> None:
    with pytest.raises(MbnlpInputError, match=r"input\.bin") as raised:
        load_document(data, source="input.bin")
    assert message in str(raised.value)
    assert raised.value.source == "input.bin"


def test_binary_with_nul_bytes_is_refused() -> None:
    data = random.Random(0).randbytes(4096) + b"\x00" + random.Random(1).randbytes(100)
    with pytest.raises(MbnlpInputError, match=r"^<bytes>: contains a NUL byte at offset \d+"):
        load_document(data)


def test_control_characters_are_refused() -> None:
    with pytest.raises(MbnlpInputError, match="binary"):
        decode_bytes(b"\x01\x02\x03\x04\x1b\x1bab\x07\x08", "ctl.txt")


def test_invalid_utf8_in_the_middle_is_an_error_with_its_offset(seed) -> None:
    data = seed("002").read_bytes()
    middle = data.index("卫生健康支出".encode())
    broken = data[:middle] + b"\xff" + data[middle:]
    with pytest.raises(MbnlpInputError) as raised:
        load_document(broken, source="broken.txt")
    assert str(raised.value).startswith("broken.txt: ")
    assert f"offset {middle}" in str(raised.value)


def test_invalid_gbk_in_the_middle_is_an_error() -> None:
    data = "收入决算表\n".encode("gbk") * 3 + b"\x81\x20" + "合计".encode("gbk")
    with pytest.raises(MbnlpInputError, match="undecodable byte 0x81 at offset 33"):
        load_document(data, source="gbk.txt")


def test_invalid_utf16_after_a_bom_is_an_error() -> None:
    data = codecs.BOM_UTF16_LE + "合计".encode("utf-16-le") + b"\x00\xdc" + "元".encode("utf-16-le")
    with pytest.raises(MbnlpInputError, match="invalid utf-16-le: undecodable byte 0x00 at offset 6"):
        load_document(data, source="u16.txt")


@pytest.mark.parametrize(
    ("encoding", "prefix", "cut"),
    [("utf-8", b"", 1), ("utf-8", b"", 2), ("gbk", b"", 1), ("gb18030", b"", 1), ("utf-16-le", codecs.BOM_UTF16_LE, 1)],
)
def test_file_cut_inside_its_last_character_loads_with_a_warning(encoding: str, prefix: bytes, cut: int) -> None:
    data = prefix + "单位：万元\n合计".encode(encoding)
    document = load_document(data[:-cut], source="cut.txt")
    assert document.text == "单位：万元\n合"
    assert len(document.warnings) == 1
    assert document.warnings[0].startswith("cut.txt: ends inside a multi-byte")


def test_seed_cut_inside_its_last_character_loads_with_a_warning(seed) -> None:
    text = seed("001").read_text(encoding="utf-8")
    data = (text + "曹").encode("utf-8")[:-1]
    document = load_document(data)
    assert document.encoding == "utf-8"
    assert document.text == text
    assert "ends inside a multi-byte" in document.warnings[0]


def test_legacy_encoding_fallback_only_when_strict_decoders_fail() -> None:
    data = "Preis: 5 € pro Stück\n".encode("cp1252")
    text, encoding, _ = decode_bytes(data, "de.txt")
    assert encoding not in ("utf-8", "gbk", "gb18030")
    assert "5 € pro St" in text


def test_files_missing_and_too_large(tmp_path) -> None:
    missing = tmp_path / "missing.txt"
    with pytest.raises(MbnlpInputError, match=r"missing\.txt: no such file"):
        load_document(missing)
    with pytest.raises(MbnlpInputError, match="is a directory"):
        load_document(tmp_path)
    large = tmp_path / "large.txt"
    large.write_text("合计" * 100, encoding="utf-8")
    with pytest.raises(MbnlpInputError, match="larger than 100 bytes"):
        load_document(large, max_bytes=100)
    with pytest.raises(MbnlpInputError, match="larger than 100 bytes"):
        load_document(large.read_bytes(), max_bytes=100)
    assert load_document(large, max_bytes=600).text == "合计" * 100


def test_source_is_the_path_as_given(seed, monkeypatch) -> None:
    path = seed("003")
    monkeypatch.chdir(path.parent)
    assert load_document(path.name).source == path.name
    assert load_document(path, source="renamed.txt").source == "renamed.txt"


def test_clean_view_is_computed_once(seed) -> None:
    document = load_document(seed("002"))
    assert document.clean is document.clean
    assert "<b>" in document.text and "<b>" not in document.clean.text
