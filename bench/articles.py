"""Synthetic news articles: off-topic news, violence statistics, and republished copies.

Every sentence here was written for this benchmark. On-topic articles combine several
template families (who counts, where, over which period, digits or number words, group and
type splits, monthly and regional breakdowns, comparisons, figures that are not records)
with quotes and statistics-free paragraphs, so the pipeline meets the variety it meets in
real news, not one sentence shape repeated.
"""
from __future__ import annotations

import random
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bench.language import MONTHS, SPEECH_VERBS, WEEKDAYS, Language, digits, number_words
from pipeline.rules import Region


@dataclass(frozen=True)
class Outlet:
    name: str
    domain: str


OUTLETS = [Outlet(name, domain) for name, domain in [
    ("Warta Nusantara", "wartanusantara.example"), ("Kabar Daerah", "kabardaerah.example"),
    ("Suara Rakyat Online", "suararakyat.example"), ("Berita Kita", "beritakita.example"),
    ("Harian Timur", "hariantimur.example"), ("Pos Sumatera", "possumatera.example"),
    ("Radar Pesisir", "radarpesisir.example"), ("Lintas Kota", "lintaskota.example"),
    ("Jurnal Borneo", "jurnalborneo.example"), ("Tribun Selatan", "tribunselatan.example"),
    ("Metro Celebes", "metrocelebes.example"), ("Kantor Berita Khatulistiwa", "khatulistiwa.example"),
]]


@dataclass(frozen=True)
class Article:
    article_id: str
    title: str
    paragraphs: tuple[str, ...]  # the first one opens with the dateline
    published: datetime
    outlet: Outlet
    on_topic: bool
    copy_of: str | None = None  # the article this one republishes

    @property
    def body(self) -> str:
        """The text as a JSONL `text` field carries it: one paragraph per line."""
        return "\n".join(self.paragraphs)

    @property
    def url(self) -> str:
        slug = "-".join(self.title.lower().replace(",", "").split()[:8])
        return f"https://www.{self.outlet.domain}/{self.published:%Y/%m/%d}/{self.article_id}/{slug}"


@dataclass(frozen=True)
class Scope:
    """Who publishes the figures and for where."""

    agency: str  # as written in the lead: "Dinas ... (DP3A) Kabupaten Sleman"
    agency_short: str  # as written in a quote's attribution: "DP3A Sleman"
    place: str  # the region as a headline names it
    dateline: str
    sub_regions: tuple[str, ...] = ()  # regions of a province, for a regional breakdown


QUOTES = [
    "Kami mengimbau orang tua agar lebih memperhatikan pergaulan anak, terutama di media sosial",
    "Naiknya jumlah laporan tidak selalu berarti kasusnya bertambah, masyarakat kini lebih berani melapor",
    "Setiap korban kami dampingi, mulai dari layanan psikologis sampai pendampingan hukum di pengadilan",
    "Sebagian besar pelaku justru orang terdekat korban, ada yang ayah tiri, paman, bahkan tetangga",
    "Kami bekerja sama dengan kepolisian dan rumah sakit agar penanganan korban lebih cepat",
    "Layanan pengaduan kami buka selama 24 jam dan identitas pelapor dijamin kerahasiaannya",
    "Pencegahan harus dimulai dari rumah, lalu sekolah dan lingkungan tempat anak bermain",
    "Tidak ada toleransi bagi pelaku, proses hukumnya harus berjalan sampai tuntas",
    "Kami menambah konselor di setiap kecamatan supaya korban tidak perlu jauh-jauh datang ke kota",
    "Banyak kasus baru terungkap setelah korban bercerita kepada guru di sekolah",
]
TYPE_NAMES = ["kekerasan seksual", "kekerasan fisik", "kekerasan psikis", "penelantaran",
              "KDRT", "perundungan", "trafficking"]
RISES = ["naik", "meningkat", "bertambah"]
FALLS = ["turun", "menurun", "berkurang"]
CRIME_ACTS = ["penganiayaan", "pengeroyokan", "pencurian dengan kekerasan", "perampasan sepeda motor"]
RELATIVES = ["tetangganya", "rekan kerjanya", "seorang pengemudi ojek", "pemilik warung", "kakak iparnya"]


def split(total: int, parts: int, rng: random.Random) -> list[int]:
    """`total` cut into `parts` positive, uneven pieces (largest first), as news reports splits."""
    parts = min(parts, total)
    cuts = sorted(rng.sample(range(1, total), parts - 1)) if parts > 1 else []
    pieces = [b - a for a, b in zip([0, *cuts], [*cuts, total])]
    return sorted(pieces, reverse=True)


class ArticleFactory:
    """Writes articles one at a time; remembers a few recent ones to republish."""

    def __init__(self, language: Language, regions: list[Region], rng: random.Random) -> None:
        self.language, self.rng = language, rng
        self.provinces = {r.code: r for r in regions if r.level == "provinsi"}
        self.local_regions = [r for r in regions if r.level in ("kabupaten", "kota")]
        self.regions_of_province: dict[str, list[Region]] = {}
        for region in self.local_regions:
            self.regions_of_province.setdefault(region.province_code, []).append(region)
        self.recent: deque[Article] = deque(maxlen=500)  # bounded: generation streams

    # -- shared pieces

    def _published(self) -> datetime:
        start = datetime(2017, 1, 1, 6, 0)
        return start + timedelta(days=self.rng.randrange(9 * 365), minutes=self.rng.randrange(15 * 60))

    def _count(self, value: int) -> str:
        return number_words(value) if value <= 99 and self.rng.random() < 0.25 else digits(value)

    def _dateline(self, city: str, outlet: Outlet) -> str:
        return f"{city.upper()}, {outlet.name} - " if self.rng.random() < 0.8 else f"{city.upper()} - "

    def _spoken_on(self, when: datetime) -> str:
        return f"{WEEKDAYS[when.weekday()]} ({when.day}/{when.month}/{when.year})"

    # -- off-topic news

    def off_topic(self, article_id: str) -> Article:
        published, outlet = self._published(), self.rng.choice(OUTLETS)
        city = bare_name(self.rng.choice(self.local_regions))
        words = self.rng.randint(300, 700)
        if self.rng.random() < 0.06:
            paragraphs = self._crime_story(published) + self.language.paragraphs_of_words(published, words - 120)
        else:
            paragraphs = self.language.paragraphs_of_words(published, words)
        paragraphs[0] = self._dateline(city, outlet) + paragraphs[0]
        title = " ".join(self.language.words_by_zipf(self.rng.randint(6, 11))).title()
        return self._remember(Article(article_id, title, tuple(paragraphs), published, outlet, on_topic=False))

    def _crime_story(self, when: datetime) -> list[str]:
        """A single incident: violence words without any statistic, as crime pages print daily."""
        rng, language = self.rng, self.language
        initials = "".join(rng.choice("ABDEFHIJKMNRSTWY") for _ in range(2))
        return [
            f"Polisi menangkap seorang pria berinisial {initials} ({rng.randint(19, 58)}) yang diduga melakukan "
            f"{rng.choice(CRIME_ACTS)} terhadap {rng.choice(RELATIVES)} di {language.place()}.",
            f"Peristiwa itu terjadi pada {self._spoken_on(when - timedelta(days=2))} sekitar "
            f"pukul {rng.randint(1, 23):02d}.00 WIB. Korban mengalami luka di bagian kepala dan dibawa ke "
            f"rumah sakit terdekat, sedangkan pelaku diamankan berikut barang bukti.",
            f"Pelaku dijerat pasal berlapis dengan ancaman hukuman {rng.randint(5, 12)} tahun penjara, "
            f"{rng.choice(SPEECH_VERBS)} Kapolsek setempat, {language.person()}.",
        ]

    # -- violence statistics

    def on_topic(self, article_id: str) -> Article:
        rng, language = self.rng, self.language
        published, outlet = self._published(), rng.choice(OUTLETS)
        scope = self._scope()
        period, period_months = self._period(published)
        total = rng.choice([rng.randint(5, 90), rng.randint(20, 400), rng.randint(300, 2500)])
        lead = self._lead(scope, total, period)
        blocks: list[Callable[[], str]] = [
            lambda: self._group_split(total),
            lambda: self._type_split(total),
            lambda: self._comparison(total, published),
            lambda: self._figures_that_are_not_records(published),
        ]
        if period_months >= 3 and total >= 12:
            blocks.append(lambda: self._monthly(total, period_months))
        if scope.sub_regions and total >= 12:
            blocks.append(lambda: self._regional(scope, total))
        chosen = [block() for block in blocks if rng.random() < 0.55]
        quotes = [f"“{rng.choice(QUOTES)},” {rng.choice(SPEECH_VERBS)} Kepala {scope.agency_short}, "
                  f"{language.person()}, saat ditemui {self._spoken_on(published)}."
                  for _ in range(rng.randint(1, 2))]
        body = [self._dateline(scope.dateline, outlet) + lead, *chosen, *quotes]
        words_left = rng.randint(300, 700) - sum(len(p.split()) for p in body)
        filler = language.paragraphs_of_words(published, max(words_left, 40))
        for paragraph in filler:  # statistics-free paragraphs between the figures and quotes
            body.insert(rng.randint(2, len(body)), paragraph)
        title = rng.choice([
            f"{scope.place}: {digits(total)} Kasus Kekerasan terhadap Perempuan dan Anak",
            f"Kasus Kekerasan Anak di {scope.place} {rng.choice(['Meningkat', 'Menurun', 'Masih Tinggi'])}",
            f"{scope.agency_short} Catat {digits(total)} Kasus Kekerasan {period.split()[-1]}",
            f"Ratusan Korban Kekerasan di {scope.place} Didampingi Psikolog",
        ])
        return self._remember(Article(article_id, title, tuple(body), published, outlet, on_topic=True))

    def _scope(self) -> Scope:
        rng = self.rng
        roll = rng.random()
        if roll < 0.08:
            body = rng.choice(["KemenPPPA", "Kementerian Pemberdayaan Perempuan dan Perlindungan Anak", "KPAI"])
            return Scope(f"{body} secara nasional", "KemenPPPA" if "KPAI" not in body else "KPAI",
                         "Indonesia", "Jakarta")
        if roll < 0.25:
            province = rng.choice(list(self.provinces.values()))
            agency, short = rng.choice([("UPTD PPA Provinsi", "UPTD PPA"), ("DP3A Provinsi", "DP3A"),
                                        ("Dinas PPPA Provinsi", "Dinas PPPA")])
            subs = tuple(r.name for r in self.regions_of_province.get(province.code, []))
            return Scope(f"{agency} {province.name}", f"{short} {province.name}", province.name,
                         province.name, subs)
        region = rng.choice(self.local_regions)
        bare = bare_name(region)
        police = "Polresta" if region.level == "kota" else "Polres"
        agency, short = rng.choice([
            (f"DP3A {region.name}", f"DP3A {bare}"),
            (f"Dinas Pemberdayaan Perempuan dan Perlindungan Anak (DP3A) {region.name}", f"DP3A {bare}"),
            (f"DP3AP2KB {region.name}", f"DP3AP2KB {bare}"),
            (f"UPTD PPA {region.name}", f"UPTD PPA {bare}"),
            (f"P2TP2A {region.name}", f"P2TP2A {bare}"),
            (f"Unit PPA Satreskrim {police} {bare}", f"Unit PPA {police} {bare}"),
        ])
        return Scope(agency, short, region.name, bare)

    def _period(self, published: datetime) -> tuple[str, int]:
        """A period phrase consistent with the publication date, and how many months it spans."""
        rng, year = self.rng, published.year
        last_month = max(published.month - 1, 1)
        choices = [
            (f"sepanjang {year - 1}", 12),
            (f"selama tahun {year - 1}", 12),
            ("sepanjang tahun lalu", 12),
            (f"sejak Januari hingga {MONTHS[last_month - 1]} {year}", last_month),
            (f"periode Januari-{MONTHS[last_month - 1]} {year}", last_month),
            (f"pada semester pertama {year - 1}", 6),
            (f"pada triwulan ketiga {year - 1}", 3),
            (f"hingga akhir {MONTHS[last_month - 1]} {year}", last_month),
        ]
        return rng.choice(choices)

    def _lead(self, scope: Scope, total: int, period: str) -> str:
        rng = self.rng
        victims = total + rng.randint(0, max(total // 5, 1))
        verb = rng.choice(["mencatat", "menangani", "menerima laporan", "mencatat sedikitnya"])
        with_victims = f" dengan {digits(victims)} korban" if rng.random() < 0.35 else ""
        return rng.choice([
            f"{scope.agency} {verb} {self._count(total)} kasus kekerasan terhadap perempuan dan anak "
            f"{period}{with_victims}.",
            f"Sebanyak {self._count(total)} kasus kekerasan terhadap perempuan dan anak terjadi {period}, "
            f"berdasarkan data {scope.agency}.",
            f"Kasus kekerasan terhadap anak dan perempuan {period} mencapai {self._count(total)} kasus{with_victims}. "
            f"Data itu dihimpun {scope.agency} dari laporan masyarakat dan rujukan rumah sakit.",
        ])

    def _group_split(self, total: int) -> str:
        children, women = split(total, 2, self.rng) if total > 1 else (total, 0)
        return self.rng.choice([
            f"Dari jumlah tersebut, {self._count(children)} kasus menimpa anak dan {self._count(women)} kasus "
            f"dialami perempuan dewasa.",
            f"Rinciannya, kekerasan terhadap anak sebanyak {digits(children)} kasus, sedangkan kekerasan "
            f"terhadap perempuan {digits(women)} kasus.",
        ])

    def _type_split(self, total: int) -> str:
        counts = split(total, self.rng.randint(2, 4), self.rng)
        types = self.rng.sample(TYPE_NAMES, len(counts))
        first = f"{types[0]} mendominasi dengan {digits(counts[0])} kasus"
        rest = [f"{name} {digits(count)} kasus" for name, count in zip(types[1:], counts[1:])]
        listed = ", ".join(rest[:-1]) + (" dan " if len(rest) > 1 else "") + rest[-1] if rest else ""
        text = f"Dilihat dari jenisnya, {first}" + (f", disusul {listed}" if listed else "") + "."
        return text[0].upper() + text[1:]

    def _comparison(self, total: int, published: datetime) -> str:
        before = max(1, total + self.rng.randint(-total // 2, total // 2))
        direction = self.rng.choice(RISES if total > before else FALLS)
        return (f"Angka itu {direction} dibandingkan tahun sebelumnya yang tercatat {digits(before)} kasus. "
                f"{self.language.sentence(published)}")

    def _monthly(self, total: int, months: int) -> str:
        counts = split(total, months, self.rng)
        self.rng.shuffle(counts)
        listed = [f"{MONTHS[m]} {digits(c)} kasus" for m, c in enumerate(counts)]
        return f"Jika dirinci per bulan, {', '.join(listed[:-1])} dan {listed[-1]}."

    def _regional(self, scope: Scope, total: int) -> str:
        regions = self.rng.sample(scope.sub_regions, min(3, len(scope.sub_regions)))
        counts = split(total // 2, len(regions), self.rng)
        named = [f"{region} {digits(count)} kasus" for region, count in zip(regions[1:], counts[1:])]
        then = f", disusul {' dan '.join(named)}" if named else ""
        return f"Kasus terbanyak terjadi di {regions[0]} dengan {digits(counts[0])} kasus{then}."

    def _figures_that_are_not_records(self, published: datetime) -> str:
        rng = self.rng
        return rng.choice([
            f"Sebanyak {rng.randint(2, 40)} pelaku telah ditetapkan sebagai tersangka dan ditahan.",
            f"Usia korban berkisar {rng.randint(3, 9)} hingga {rng.randint(14, 17)} tahun.",
            f"Masyarakat dapat melapor melalui layanan SAPA 129 atau nomor 0812-{rng.randint(1000, 9999)}-"
            f"{rng.randint(1000, 9999)}.",
            f"Tahun {published.year} pemerintah daerah menyiapkan anggaran Rp{rng.randint(100, 900)} juta "
            f"untuk pendampingan korban.",
        ])

    # -- republished copies

    def republished(self, article_id: str) -> Article | None:
        """A recent article under another outlet's byline, a 'Sumber:' line and a few edited words."""
        if not self.recent:
            return None
        original = self.rng.choice(self.recent)
        outlet = self.rng.choice([o for o in OUTLETS if o != original.outlet])
        paragraphs = [p.replace(original.outlet.name, outlet.name) for p in original.paragraphs]
        for _ in range(self.rng.randint(1, 3)):
            index = self.rng.randrange(1, len(paragraphs)) if len(paragraphs) > 1 else 0
            words = paragraphs[index].split()
            words[self.rng.randrange(len(words))] = self.language.words_by_zipf(1)[0]
            paragraphs[index] = " ".join(words)
        paragraphs.append(f"Sumber: {original.outlet.name}")
        return replace(original, article_id=article_id, paragraphs=tuple(paragraphs), outlet=outlet,
                       published=original.published + timedelta(hours=self.rng.randint(1, 30)),
                       copy_of=original.article_id)

    def _remember(self, article: Article) -> Article:
        self.recent.append(article)
        return article


def bare_name(region: Region) -> str:
    """'Kabupaten Sleman' -> 'Sleman', as datelines and police units name a place."""
    for prefix in ("Kabupaten ", "Kota "):
        if region.name.startswith(prefix):
            return region.name[len(prefix):]
    return region.name
