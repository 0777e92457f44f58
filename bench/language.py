"""Indonesian-like running text with a realistic vocabulary, for the benchmark corpus.

Why not a small word list: spaCy's tokenizer caches every whitespace-separated string it
has seen, so a corpus of a few dozen words makes tokenization (and anything built on it)
look far faster than on real news. Real news has a Zipf-distributed vocabulary of tens of
thousands of word forms that keeps growing with the corpus, plus names, numbers, dates and
punctuation glued to words. This module writes such text: a few hundred real function and
common words (written for this benchmark) take the top ranks, pseudo-words built from
Indonesian syllables and affixes fill the long tail, and names, figures, dates and quotes
are mixed in.
"""
from __future__ import annotations

import itertools
import random
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import numpy as np

# Real words, most frequent first: ranks 0..len-1 of the Zipf distribution. A few of them
# ("total", "fakta", "fisik", "kejahatan", "kekerasan") are words the pipeline's cheap topic
# test looks for; they occur in general news too, so a realistic share of off-topic
# articles still reaches spaCy.
COMMON_WORDS = list(dict.fromkeys("""
yang dan di ini itu dengan untuk dari tidak akan pada juga dalam ke ada oleh karena
tersebut bisa sudah kata saat para atau lebih telah masih harus menjadi mereka kami kita
dia ia bahwa agar sebagai namun jika hal satu tahun hari orang warga pemerintah daerah
kota masyarakat baru jalan setelah hingga serta seperti sangat sehingga kemudian antara
bagi lalu belum maka dapat ujar katanya menurut akan mengatakan menyebutkan jelasnya
pihak program kegiatan dua tiga banyak besar kecil lain semua setiap selama sejak
terkait kembali secara bersama sekitar sendiri cukup mulai tetap perlu memang hanya
rumah sekolah anak keluarga perempuan pasar harga rupiah juta miliar persen jam pagi
siang sore malam minggu bulan pekan waktu tempat lokasi wilayah kecamatan desa kampung
kabupaten provinsi nasional pusat dinas kepala ketua anggota dewan bupati wali gubernur
menteri presiden polisi petugas tim rapat acara layanan pelayanan pembangunan proyek
anggaran dana bantuan sosial kesehatan pendidikan ekonomi usaha pedagang petani nelayan
air listrik banjir hujan cuaca musim panen beras cabai bawang minyak gula daging ikan
sapi ayam kendaraan motor mobil bus kereta pelabuhan bandara penerbangan jalur tol
jembatan gedung kantor sekolah guru siswa mahasiswa kampus universitas rumah sakit
dokter pasien obat vaksin olahraga sepak bola pertandingan laga klub pemain pelatih
gol menang kalah skor juara turnamen liga musik film festival budaya wisata wisatawan
pantai gunung hutan taman lingkungan sampah kebersihan total pemilu partai calon suara
pemilih kampanye politik kebijakan aturan undang peraturan hukum pengadilan hakim jaksa
kasus perkara laporan keterangan informasi berita media sosial internet aplikasi digital
teknologi data sistem jaringan bank kredit pinjaman investasi saham modal pajak
penerimaan pendapatan belanja ekspor impor produksi industri pabrik tenaga kerja buruh
upah gaji pekerja perusahaan direktur manajer karyawan toko online transaksi fakta
pembeli konsumen kebutuhan stok pasokan distribusi angkutan mudik lebaran ramadan natal
libur sekolah ujian nilai prestasi lomba hadiah penghargaan sertifikat pelatihan fisik
kualitas jumlah tingkat angka kenaikan penurunan target capaian realisasi rencana
persiapan pelaksanaan evaluasi pengawasan pemeriksaan penertiban operasi razia patroli
keamanan ketertiban kejahatan pencegahan penanganan penanggulangan bencana gempa longsor
kebakaran korban pengungsi posko relawan logistik kekerasan sementara akhirnya terlihat
diharapkan dilakukan diberikan disampaikan dijelaskan diketahui dilaksanakan meningkat
menurun mendapatkan memberikan melakukan meminta menyampaikan menjelaskan membantu
""".split()))  # a word listed twice keeps its first rank

# Syllables and affixes of the pseudo-words that make the vocabulary's long tail.
ONSETS = ["", "b", "c", "d", "g", "h", "j", "k", "l", "m", "n", "ng", "ny", "p", "r", "s", "t", "w", "y"]
VOWELS = ["a", "a", "i", "u", "e", "o"]
CODAS = ["", "", "", "n", "ng", "r", "k", "s", "l", "h", "t", "m"]
PREFIXES = ["", "", "", "me", "mem", "men", "meng", "ber", "di", "ter", "pe", "pen", "ke", "se"]
SUFFIXES = ["", "", "", "", "kan", "an", "nya", "i", "lah", "pun"]

GIVEN_NAMES = """Agus Budi Siti Dewi Rina Ahmad Muhammad Andi Rudi Yusuf Hendra Wahyu Sri Nur Dian
Eko Joko Bambang Slamet Wayan Made Ketut Putu Nyoman Fitri Ratna Indah Ayu Lestari Yuni
Rahmat Hasan Ismail Ikhsan Fajar Rizky Dimas Arif Taufik Ridwan Herman Yanti Novi Sari
Maria Yohanes Petrus Fransiska Theresia Gede Kadek Teuku Cut Daeng Ambo La Wa Ni Ni Luh""".split()
FAMILY_NAMES = """Santoso Wijaya Saputra Hidayat Nasution Siregar Harahap Lubis Simanjuntak Pane
Sinaga Hutapea Tanjung Sembiring Ginting Tarigan Pratama Kurniawan Setiawan Gunawan
Hakim Rahman Syahputra Wibowo Susanto Prasetyo Nugroho Handayani Purnomo Suryadi
Rangkuti Matondang Tambunan Manurung Pardede Damanik Mahendra Permana Firmansyah
Ramadhan Utami Maharani Anggraini Kusuma Sulistyo Yulianto Hermawan Lumban Sitompul""".split()
HONORIFICS = ["", "", "", "H.", "Hj.", "Dr.", "Ir.", "drg.", "Kompol", "AKP", "Iptu"]
def _first_names(rule_file: str) -> list[str]:
    """The first name a rules/ file gives each value (its Indonesian full name), in value order:
    month and day names live in rules/ only."""
    first: dict[int, str] = {}
    for line in (RULES / rule_file).read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip() and not line.startswith("#") and not line.startswith("name,"):
            name, value = line.split(",")
            first.setdefault(int(value), name.strip().capitalize())
    return [first[value] for value in sorted(first)]


RULES = Path(__file__).resolve().parent.parent / "rules"
WEEKDAYS = _first_names("weekdays.csv")
MONTHS = _first_names("months.csv")
SPEECH_VERBS = ["kata", "ujar", "tutur", "jelas", "ungkap", "tegas", "imbuh", "terang"]

# Zipf–Mandelbrot frequencies: rank r has weight 1 / (r + 2.7) ** 1.15. With 400,000 forms the
# top 100 cover about half of all tokens and the top 10,000 about 85%, as in news text.
VOCABULARY_SIZE = 400_000
ZIPF_EXPONENT, ZIPF_SHIFT = 1.15, 2.7
NAME_SPACE = 60_000  # distinct generated surnames and place names


def number_words(value: int) -> str:
    """An integer from 0 to 999,999 in Indonesian words: 1205 -> 'seribu dua ratus lima'."""
    units = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]
    if value < 10:
        return units[value]
    if value < 20:
        return {10: "sepuluh", 11: "sebelas"}.get(value) or f"{units[value - 10]} belas"
    for size, word, single in ((1000, "ribu", "seribu"), (100, "ratus", "seratus"), (10, "puluh", "")):
        if value >= size:
            head, rest = divmod(value, size)
            spoken = single if head == 1 and single else f"{number_words(head)} {word}"
            return spoken if rest == 0 else f"{spoken} {number_words(rest)}"
    raise AssertionError(value)


def digits(value: int) -> str:
    """An integer as Indonesian news writes it: 1205 -> '1.205'."""
    return f"{value:,}".replace(",", ".")


class Language:
    """Samples words, names and sentences; deterministic for a given pair of generators."""

    def __init__(self, rng: random.Random, np_rng: np.random.Generator, banned: Iterable[str]) -> None:
        self.rng, self.np_rng = rng, np_rng
        self.banned = tuple(banned)
        self.words = COMMON_WORDS + [self._pseudo_word(rank) for rank in range(len(COMMON_WORDS), VOCABULARY_SIZE)]
        ranks = np.arange(1, VOCABULARY_SIZE + 1, dtype=np.float64)
        weights = 1.0 / (ranks + ZIPF_SHIFT) ** ZIPF_EXPONENT
        self._cumulative = np.cumsum(weights) / weights.sum()
        self._name_cumulative = self._cumulative[:NAME_SPACE] / self._cumulative[NAME_SPACE - 1]
        self.surnames = FAMILY_NAMES + [self._pseudo_word(rank, capital=True)
                                        for rank in range(len(FAMILY_NAMES), NAME_SPACE)]

    def _pseudo_word(self, rank: int, capital: bool = False) -> str:
        """The word form of a rank: rarer ranks give longer words; never containing a topic word."""
        for attempt in itertools.count():
            word = self._form(rank, attempt, capital)
            if not any(phrase in word.lower() for phrase in self.banned):
                return word.capitalize() if capital else word
        raise AssertionError("unreachable")

    @staticmethod
    def _form(rank: int, attempt: int, capital: bool) -> str:
        # Scatter neighbouring ranks; each attempt draws a whole new form, since a banned
        # phrase inside the stem cannot be removed by adding letters.
        state = (rank * 2654435761 + attempt * 40503 + (7 if capital else 0)) & 0xFFFFFFFF
        syllables = 2 + (rank > 3_000) + (rank > 60_000) + state % 2
        pieces = []
        for _ in range(syllables):
            state = (state * 1103515245 + 12345) & 0x7FFFFFFF
            onset, vowel, coda = ONSETS[state % 19], VOWELS[(state >> 5) % 6], CODAS[(state >> 9) % 12]
            pieces.append(onset + vowel + coda)
        stem = "".join(pieces)
        return stem if capital else PREFIXES[(state >> 13) % 14] + stem + SUFFIXES[(state >> 17) % 10]

    def words_by_zipf(self, count: int) -> list[str]:
        picks = np.searchsorted(self._cumulative, self.np_rng.random(count))
        return [self.words[i] for i in picks.tolist()]

    def surname(self) -> str:
        return self.surnames[int(np.searchsorted(self._name_cumulative, self.np_rng.random()))]

    def person(self) -> str:
        honorific = self.rng.choice(HONORIFICS)
        name = f"{self.rng.choice(GIVEN_NAMES)} {self.surname()}"
        return f"{honorific} {name}" if honorific else name

    def place(self) -> str:
        return self.rng.choice(["Desa", "Kelurahan", "Jalan", "Kampung", "Dusun", "Pasar"]) + " " + self.surname()

    def figure(self, when: date) -> str:
        """A number as it appears in general news: money, percentages, times, scores, dates."""
        rng = self.rng
        forms = [
            lambda: f"Rp{rng.randint(1, 999)},{rng.randint(1, 9)} {rng.choice(['juta', 'miliar', 'triliun'])}",
            lambda: f"{rng.randint(1, 99)},{rng.randint(1, 9)} persen",
            lambda: f"pukul {rng.randint(6, 22):02d}.{rng.choice(['00', '15', '30', '45'])} WIB",
            lambda: f"{digits(rng.randint(2, 25_000))} "
                    f"{rng.choice(['unit', 'ton', 'meter', 'hektare', 'kilogram', 'peserta'])}",
            lambda: f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {when.year}",
            lambda: f"{WEEKDAYS[when.weekday()]} ({when.day}/{when.month}/{when.year})",
            lambda: f"tahun {rng.randint(when.year - 12, when.year + 3)}",
            lambda: f"{rng.randint(0, 5)}-{rng.randint(0, 5)}",
            lambda: f"{number_words(rng.randint(2, 12))} {rng.choice(['orang', 'kali', 'hari', 'titik', 'kelompok'])}",
        ]
        return rng.choice(forms)()

    def sentence(self, when: date, extra: str = "") -> str:
        """One sentence of running text, with names, figures and commas mixed in."""
        rng = self.rng
        words = self.words_by_zipf(rng.randint(7, 22))
        for _ in range(rng.choice([0, 0, 1, 1, 2])):
            words.insert(rng.randrange(len(words) + 1), rng.choice([self.person, self.place, self.surname])())
        if rng.random() < 0.45:
            words.insert(rng.randrange(len(words) + 1), self.figure(when))
        if extra:
            words.insert(rng.randrange(len(words) + 1), extra)
        if len(words) > 8 and rng.random() < 0.6:
            comma_at = rng.randrange(3, len(words) - 2)
            words[comma_at] += ","
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, when: date, sentences: int | None = None) -> str:
        """Two to four sentences; sometimes a quote attributed to a named person."""
        count = sentences or self.rng.randint(2, 4)
        text = " ".join(self.sentence(when) for _ in range(count))
        if self.rng.random() < 0.2:
            quoted = self.sentence(when)[:-1]
            text = f"“{quoted},” {self.rng.choice(SPEECH_VERBS)} {self.person()}. " + text
        return text

    def paragraphs_of_words(self, when: date, words: int) -> list[str]:
        """Paragraphs of running text adding up to about this many words."""
        result: list[str] = []
        while words > 0:
            result.append(self.paragraph(when))
            words -= len(result[-1].split())
        return result
