"""The review report, read as a reviewer reads it: in headless Chromium (Debian's `chromium`, which
.ci/run installs), asserting on the page's DOM after clicks, not on the HTML string.

The project's corpus runs through the pipeline once, with one more input of our own: an article
whose title, source, URL and evidence carry markup (third-party text must stay text) and a
republished copy of it (the duplicate link).
"""
from __future__ import annotations

import csv
import json
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from pipeline.batch import run
from pipeline.report import REPORT_NAME, MissingOutputError, write_report

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

HOSTILE_TITLE = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'
HOSTILE_TEXT = ('SLEMAN - Dinas Pemberdayaan Perempuan dan Perlindungan Anak (DP3A) Kabupaten Sleman '
                '<img src=x onerror="window.__xss=4"> mencatat 57 kasus kekerasan terhadap anak sepanjang 2023 '
                '<script>window.__xss=5</script>.\nKepala dinas menyampaikan hal itu pada Kamis (1/2/2024).')
HOSTILE_ID = "uji-<b>jahat</b>"


def _hostile_inputs(folder: Path) -> Path:
    article = {"id": HOSTILE_ID, "title": HOSTILE_TITLE, "source": "<i>Warta</i>",
               "url": "javascript:window.__xss=3", "published": "2024-02-01", "text": HOSTILE_TEXT}
    copy = {**article, "id": "uji-salinan", "title": "Salinan berita"}
    path = folder / "uji-jahat.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in (article, copy)), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> Path:
    """The pipeline's output for corpus/ and the hostile article, with its report."""
    folder = tmp_path_factory.mktemp("report")
    out = folder / "out"
    run([ROOT / "corpus", _hostile_inputs(folder)], out, progress=False)
    write_report(out)
    return out


@pytest.fixture(scope="module")
def records(output) -> list[dict]:
    with open(output / "records.csv", encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


@pytest.fixture(scope="module")
def browser(tmp_path_factory) -> Iterator[Browser]:
    assert CHROMIUM.exists(), "the report tests need Debian's chromium: apt-get install chromium (.ci/run does)"
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            tmp_path_factory.mktemp("chromium-profile"), executable_path=str(CHROMIUM), headless=True,
            args=CHROMIUM_ARGS, viewport={"width": 1400, "height": 1000})
        yield context
        context.close()


class Report:
    """One opened report page, and what went wrong on it: console errors and any request that
    would leave the file (the report must work offline)."""

    def __init__(self, browser, path: Path, fragment: str = "") -> None:
        self.page: Page = browser.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: None if request.url.startswith(("file:", "data:"))
                     else self.requests.append(request.url))
        self.page.goto(path.as_uri() + fragment)
        self.page.wait_for_selector("#status:not(:empty)")

    def choose(self, name: str, value: str) -> None:
        self.page.select_option(f"form#filters select[name={name}]", value)

    def shown_articles(self) -> list[str]:
        return self.page.eval_on_selector_all("article.doc", "docs => docs.map(d => d.dataset.articleId)")

    def active_records(self) -> list[str]:
        return self.page.eval_on_selector_all("tr.record:not(.out)", "rows => rows.map(r => r.dataset.recordId)")

    def close(self) -> None:
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.requests == [], f"the report asked the network for {self.requests}"
        self.page.close()


@pytest.fixture
def report(browser, output) -> Iterator[Report]:
    opened = Report(browser, output / REPORT_NAME)
    yield opened
    opened.close()


def _words(text: str) -> str:
    return " ".join(text.split())


# What each record's evidence marks say, and the slot labels drawn once the record is shown.
_EVIDENCE_OF = """rows => rows.map(row => {
  const r = row.dataset.r;
  const text = row.closest("article").querySelector(".text");
  const marks = Array.from(text.querySelectorAll("mark.ev")).filter(m => m.dataset.r.split(" ").includes(r));
  return [row.dataset.recordId, marks.map(m => m.textContent).join(" ")];
})"""


def test_every_record_appears_once_with_its_evidence_highlighted(report, records):
    seen, marked = Counter(), {}
    while True:
        for record_id, text in report.page.eval_on_selector_all("tr.record", _EVIDENCE_OF):
            seen[record_id] += 1
            marked[record_id] = text
        if report.page.is_disabled("nav.pager.top [data-page=next]"):
            break
        report.page.click("nav.pager.top [data-page=next]")
    assert seen == Counter(record["record_id"] for record in records)
    for record in records:
        assert _words(marked[record["record_id"]]) == _words(record["evidence"]), record["record_id"]


def test_a_shown_record_draws_each_of_its_spans_in_the_text(report, output):
    spans = pq.read_table(output / "spans.parquet").to_pylist()
    placed = Counter(span["record_id"] for span in spans if span["start"] is not None)
    checked = 0
    for row in report.page.query_selector_all("tr.record"):
        record_id, r = row.get_attribute("data-record-id"), row.get_attribute("data-r")
        row.click()
        article = report.page.locator("article.doc", has=report.page.locator(f'tr.record[data-r="{r}"]'))
        assert "shown" in row.get_attribute("class")
        labels = article.locator(".text .island .dl").evaluate_all("ls => ls.map(l => l.dataset.label)")
        assert len(labels) == placed[record_id], record_id
        slots = {span["slot"] for span in spans if span["record_id"] == record_id and span["start"] is not None}
        assert {label.split(" ")[0] for label in labels} == {"type" if s == "violence_type" else s for s in slots}
        checked += bool(labels)
    assert checked >= 10  # the corpus's records name their slots: this test saw them drawn


def test_filters_show_only_the_articles_of_matching_records(report, records):
    report.choose("agency", "v:UPTD PPA")
    wanted = [r for r in records if r["agency"] == "UPTD PPA"]
    assert wanted and set(report.active_records()) == {r["record_id"] for r in wanted}
    assert set(report.shown_articles()) == {r["article_id"] for r in wanted}
    assert report.page.text_content("#status").startswith(f"{len(wanted)} of {len(records)} records match")

    report.choose("agency", "")
    report.choose("basis", "inferred")
    inferred = {r["record_id"] for r in records if r["basis"] == "inferred"}
    assert inferred and set(report.active_records()) == inferred


def test_a_heat_map_cell_filters_by_its_province_and_year(report, records):
    cell = report.page.locator(".heatmap rect.cell").first
    chosen = json.loads(cell.get_attribute("data-filter"))
    cell.click()
    province, year = chosen["region"], chosen["year"][2:]
    wanted = {r["record_id"] for r in records if r["region_code"].split(".")[0] == province
              and (r["period_end"] or r["period_start"])[:4] == year}
    assert wanted and set(report.active_records()) == wanted
    assert report.page.input_value("select[name=region]") == province


def test_article_text_from_the_web_stays_text(report, output):
    report.choose("show", "all")
    section = report.page.locator(f'article.doc[data-article-id="{HOSTILE_ID}"]')
    assert section.locator("h2").text_content() == HOSTILE_TITLE
    assert "<script>window.__xss=5</script>" in section.locator(".text").text_content()
    assert section.locator("img, script, .text b").count() == 0
    assert section.locator("a[href^=javascript]").count() == 0  # a URL only becomes a link when http(s)
    assert report.page.evaluate("window.__xss") is None
    raw = (output / REPORT_NAME).read_text(encoding="utf-8")
    assert "<script>window.__xss" not in raw and "<img src=x" not in raw


def _in_view(section) -> bool:
    return section.is_visible() and section.evaluate("d => d.getBoundingClientRect().top < innerHeight")


def test_a_duplicate_links_to_its_original_every_time(report):
    original = report.page.locator(f'article.doc[data-article-id="{HOSTILE_ID}"]')
    for _ in range(2):  # the second time the URL already ends in the link's #article-N
        report.choose("show", "duplicates")
        assert report.shown_articles() == ["uji-salinan"]
        report.page.click("article.doc .dup a")
        assert _in_view(original)


def test_a_link_into_the_report_opens_at_its_article(browser, output):
    ids = pq.read_table(output / "articles.parquet").column("article_id").to_pylist()  # the report's order
    last = len(ids) - 1  # a republished copy, without records: hidden until the link shows it
    opened = Report(browser, output / REPORT_NAME, fragment=f"#article-{last}")
    assert _in_view(opened.page.locator(f'article.doc[data-article-id="{ids[last]}"]'))
    opened.close()


def _write_table(folder: Path, name: str, rows: list[dict], schema: pa.Schema) -> None:
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), folder / f"{name}.parquet")


def _synthetic_output(folder: Path, articles: int) -> Path:
    """A flat output folder with one record per article and two rejects, written directly: paging
    needs more articles than a page holds, and the pipeline would take long to make them."""
    string = pa.string()
    texts = [f"Dinas {n} mencatat {n + 10} kasus pada 2023." for n in range(articles)]
    _write_table(folder, "articles", [{"article_id": f"a{n}", "title": f"Berita {n}", "published": "2024-01-02",
                                       "source": None, "url": None, "duplicate_of": None, "text_hash": str(n)}
                                      for n in range(articles)],
                 pa.schema([(c, string) for c in ("article_id", "title", "published", "source", "url",
                                                  "duplicate_of", "text_hash")]))
    _write_table(folder, "texts", [{"article_id": f"a{n}", "text": t} for n, t in enumerate(texts)],
                 pa.schema([("article_id", string), ("text", string)]))
    record_types = {"cases": pa.int64(), "victims": pa.int64(), "approximate": pa.bool_(),
                    "evidence_start": pa.int64(), "evidence_end": pa.int64()}
    columns = ["record_id", "article_id", "agency", "region_code", "region", "period_start", "period_end", "group",
               "violence_type", "cases", "victims", "approximate", "evidence", "evidence_start", "evidence_end",
               "checks", "basis"]
    _write_table(folder, "records", [
        {"record_id": f"a{n}#1", "article_id": f"a{n}", "agency": "DP3A", "region_code": "33.74",
         "region": "Kota Semarang", "period_start": "2023-01", "period_end": "2023-12", "group": "all",
         "violence_type": "all", "cases": n + 10, "victims": None, "approximate": False, "evidence": t,
         "evidence_start": 0, "evidence_end": len(t), "checks": None, "basis": "stated"}
        for n, t in enumerate(texts)], pa.schema([(c, record_types.get(c, string)) for c in columns]))
    span_types = {"start": pa.int64(), "end": pa.int64()}
    _write_table(folder, "spans", [{"record_id": f"a{n}#1", "slot": "period", "scope": "clause",
                                    "start": t.index("2023"), "end": t.index("2023") + 4, "text": "2023"}
                                   for n, t in enumerate(texts)],
                 pa.schema([(c, span_types.get(c, string)) for c in ("record_id", "slot", "scope", "start", "end",
                                                                      "text")]))
    _write_table(folder, "rejects", [{"source_path": "rusak.jsonl", "line": 3, "article_id": None,
                                      "reason": "not JSON"},
                                     {"source_path": "kosong.txt", "line": None, "article_id": "kosong",
                                      "reason": "empty text"}],
                 pa.schema([("source_path", string), ("line", pa.int64()), ("article_id", string),
                            ("reason", string)]))
    return folder


def test_articles_come_a_page_at_a_time_and_rejects_are_listed(browser, tmp_path):
    out = _synthetic_output(tmp_path, articles=45)
    opened = Report(browser, write_report(out))
    page = opened.page
    assert page.locator("article.doc").count() == 20
    assert "page 1 of 3" in page.text_content("nav.pager.top .where")
    page.click("nav.pager.top [data-page=next]")
    assert opened.shown_articles() == [f"a{n}" for n in range(20, 40)]
    page.click("nav.pager.top [data-page=next]")
    assert opened.shown_articles() == [f"a{n}" for n in range(40, 45)]
    assert page.is_disabled("nav.pager.top [data-page=next]")
    rejects = page.text_content(".rejects")
    assert "not JSON" in rejects and "empty text" in rejects and "rusak.jsonl:3" in rejects
    opened.close()


def test_a_missing_or_older_output_is_named_in_plain_words(tmp_path, output):
    with pytest.raises(MissingOutputError, match="no output folder .*nowhere"):
        write_report(tmp_path / "nowhere")
    with pytest.raises(MissingOutputError, match="holds no pipeline output"):
        write_report(tmp_path)
    older = tmp_path / "older"
    older.mkdir()
    for table in ("records", "articles", "rejects"):
        shutil.copy(output / f"{table}.parquet", older)
    with pytest.raises(MissingOutputError, match="older version of the pipeline"):
        write_report(older)


def test_a_report_is_the_same_for_the_same_outputs_and_leaves_no_temporary_file(output):
    first = (output / REPORT_NAME).read_bytes()
    assert write_report(output).read_bytes() == first
    assert not list(output.glob(".*.tmp"))
