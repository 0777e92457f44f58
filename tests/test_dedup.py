"""Dedup finds republished copies, keeps different articles apart, and points at the first seen."""
import hashlib
import random

import numpy as np

from pipeline.dedup import Deduplicator, estimated_jaccard, shingle_hashes, signature_of
from pipeline.models import Article
from pipeline.state import StateStore

# Invented articles: a report, and a different report of the same figures in other words.
REPORT = [
    "Dinas Pemberdayaan Perempuan dan Perlindungan Anak (Dinas PPPA) Kabupaten Contoh mencatat "
    "87 kasus kekerasan terhadap perempuan dan anak sepanjang tahun 2023. Jumlah itu meningkat "
    "dibandingkan tahun sebelumnya yang tercatat sebanyak 64 kasus.",
    "Kepala Dinas PPPA Kabupaten Contoh, Sri Wahyuningsih, mengatakan dari 87 kasus tersebut "
    "terdapat 94 orang korban. Sebagian besar korban merupakan anak usia sekolah yang mengalami "
    "kekerasan di lingkungan terdekatnya sendiri.",
    "\"Kasus anak sebanyak 61 kasus, sedangkan kasus perempuan sebanyak 26 kasus. Kekerasan seksual "
    "masih menjadi jenis kekerasan yang paling banyak dilaporkan oleh masyarakat, disusul kekerasan "
    "fisik dan penelantaran,\" ujarnya saat ditemui di kantornya, Senin.",
    "Menurut Sri, kenaikan angka tersebut tidak selalu berarti kekerasan makin sering terjadi. "
    "Masyarakat kini lebih berani melapor karena layanan pengaduan sudah dibuka hingga tingkat "
    "kecamatan dan dapat dihubungi melalui telepon maupun pesan singkat.",
    "Pihaknya berencana memperluas program sekolah ramah anak serta melatih kader desa agar mampu "
    "mengenali tanda-tanda kekerasan sejak dini. Pemerintah daerah juga menyiapkan rumah aman bagi "
    "korban yang membutuhkan perlindungan sementara selama proses hukum berjalan.",
]

SAME_FIGURES_OTHER_REPORT = [
    "Komisi IV DPRD Kabupaten Contoh menyoroti tingginya angka kekerasan terhadap perempuan dan anak "
    "dalam rapat dengar pendapat bersama Dinas PPPA, Kamis. Dalam rapat itu terungkap ada 87 kasus "
    "dengan 94 orang korban selama 2023.",
    "Ketua Komisi IV, Bambang Riyadi, meminta pemerintah menambah anggaran pendampingan. Ia menilai "
    "61 kasus yang menimpa anak harus menjadi perhatian semua pihak, begitu pula 26 kasus yang "
    "dialami perempuan dewasa.",
    "\"Anggaran pendampingan korban tahun ini hanya cukup untuk membiayai dua psikolog. Padahal setiap "
    "korban membutuhkan pendampingan berbulan-bulan,\" kata Bambang di gedung dewan.",
    "Bambang juga mendorong kepolisian mempercepat penanganan perkara kekerasan terhadap perempuan dan "
    "anak yang dilaporkan, sehingga pelaku segera diproses dan korban mendapat kepastian hukum.",
    "Menanggapi hal itu, perwakilan Dinas PPPA Kabupaten Contoh menyatakan siap menyusun usulan "
    "tambahan anggaran untuk dibahas dalam perubahan APBD mendatang.",
]


def article(article_id: str, paragraphs: list[str]) -> Article:
    text = "\n".join(paragraphs)
    return Article(article_id=article_id, source_path=f"{article_id}.txt", text=text,
                   text_hash=hashlib.sha256(text.encode("utf-8")).hexdigest())


def republished(paragraphs: list[str]) -> list[str]:
    """Another outlet's copy: its byline on top, a "Sumber:" line below, one sentence edited."""
    edited = list(paragraphs)
    edited[3] = edited[3].replace("tidak selalu berarti kekerasan makin sering terjadi",
                                  "belum tentu menandakan kekerasan semakin sering terjadi")
    return ["WARTACONTOH.ID, CONTOH - Penulis: Rina Maharani | Editor: Agus Salim", *edited,
            "Sumber: Kabar Contoh Raya"]


def test_first_article_has_no_duplicate():
    assert Deduplicator().find_duplicate(article("a", REPORT)) is None


def test_exact_copy_is_duplicate_of_original():
    dedup = Deduplicator()
    dedup.find_duplicate(article("original", REPORT))
    assert dedup.find_duplicate(article("copy", REPORT)) == "original"


def test_republished_copy_with_byline_source_line_and_edit_is_duplicate():
    dedup = Deduplicator()
    dedup.find_duplicate(article("original", REPORT))
    assert dedup.find_duplicate(article("copy", republished(REPORT))) == "original"


def test_moved_and_repeated_paragraphs_are_duplicate():
    moved = [REPORT[2], REPORT[0], REPORT[1], REPORT[3], REPORT[4], REPORT[2]]
    dedup = Deduplicator()
    dedup.find_duplicate(article("original", REPORT))
    assert dedup.find_duplicate(article("moved", moved)) == "original"


def test_different_articles_with_identical_figures_are_not_duplicates():
    dedup = Deduplicator()
    dedup.find_duplicate(article("dinas", REPORT))
    assert dedup.find_duplicate(article("dprd", SAME_FIGURES_OTHER_REPORT)) is None


def test_case_and_punctuation_do_not_change_the_signature():
    text = "\n".join(REPORT)
    shouted = text.upper().replace(",", "").replace(".", " . ")
    assert estimated_jaccard(signature_of(text), signature_of(shouted)) == 1.0


def test_chain_of_copies_resolves_to_first_seen():
    # Signatures made by hand, so the test does not hang on hashing luck: the second copy changes
    # the last 40 of 128 minima, the third 40 more. Each link agrees on 88 (0.69), the ends on 48 (0.38).
    first = np.arange(128, dtype=np.uint32)
    second = first.copy()
    second[88:] += 1000
    third = second.copy()
    third[40:80] += 1000
    # The third copy is too far from the first to be matched with it directly ...
    direct = Deduplicator()
    direct.find_duplicate(article("first", REPORT), first)
    assert direct.find_duplicate(article("third", REPORT), third) is None
    # ... so it reaches the first only through the second.
    dedup = Deduplicator()
    assert dedup.find_duplicate(article("first", REPORT), first) is None
    assert dedup.find_duplicate(article("second", REPORT), second) == "first"
    assert dedup.find_duplicate(article("third", REPORT), third) == "first"


def test_first_seen_copy_is_canonical_whatever_its_origin():
    dedup = Deduplicator()
    assert dedup.find_duplicate(article("copy", republished(REPORT))) is None
    assert dedup.find_duplicate(article("original", REPORT)) == "copy"
    assert dedup.find_duplicate(article("exact", REPORT)) == "copy"


def test_copies_are_found_across_the_compacted_index(monkeypatch):
    """The band index sorts older entries into arrays every RECENT_ENTRIES articles: copies of
    articles in merged runs, in the recent dict and of empty texts are all still found."""
    import pipeline.dedup as dedup_module

    monkeypatch.setattr(dedup_module, "RECENT_ENTRIES", 3)
    words = " ".join(REPORT + SAME_FIGURES_OTHER_REPORT).split()
    others = [[" ".join(random.Random(n).sample(words, 120))] for n in range(20)]  # 20 unrelated texts
    dedup = Deduplicator()
    assert dedup.find_duplicate(article("report", REPORT)) is None
    assert dedup.find_duplicate(article("kosong", [" "])) is None
    assert [dedup.find_duplicate(article(f"other-{n}", text)) for n, text in enumerate(others)] == [None] * 20
    assert dedup.find_duplicate(article("copy-of-report", republished(REPORT))) == "report"
    assert dedup.find_duplicate(article("exact-other-4", others[4])) == "other-4"
    assert dedup.find_duplicate(article("exact-other-19", others[19])) == "other-19"
    assert dedup.find_duplicate(article("kosong-lagi", [" "])) == "kosong"


def test_signatures_estimate_the_jaccard_similarity_of_the_shingles():
    words = " ".join(REPORT + SAME_FIGURES_OTHER_REPORT).split()
    base = random.Random(1).sample(words * 3, 400)
    for kept in (100, 200, 300, 400):  # the first `kept` words, then other words
        other = base[:kept] + random.Random(kept).sample(words * 3, 400 - kept)
        a, b = shingle_hashes(" ".join(base)), shingle_hashes(" ".join(other))
        true = len(np.intersect1d(a, b)) / len(np.union1d(a, b))
        estimate = estimated_jaccard(signature_of(" ".join(base)), signature_of(" ".join(other)))
        assert abs(estimate - true) < 0.13  # three standard errors of 128 minima


def test_ids_are_remembered_exactly_across_the_compacted_index(monkeypatch):
    import pipeline.dedup as dedup_module

    monkeypatch.setattr(dedup_module, "RECENT_ENTRIES", 2)
    dedup = Deduplicator()
    for n, article_id in enumerate(["plumless", "berita-1", "berita-2", "kosong", "berita-3"]):
        dedup.find_duplicate(article(article_id, [" "] if article_id == "kosong" else [f"teks nomor {n}"]))
    assert all(dedup.has_seen(i) for i in ["plumless", "berita-1", "berita-2", "kosong", "berita-3"])
    # "buckeroo" has the same CRC-32 as "plumless": the id itself is compared, not its hash.
    assert not dedup.has_seen("buckeroo") and not dedup.has_seen("berita-4")


def test_an_index_kept_in_the_state_decides_every_later_run_as_a_fresh_index(tmp_path):
    """Runs over one state store, each a random choice and order of the same articles (copies,
    a chain of copies, texts without words): each run's answers are those of a fresh in-memory
    index over that run alone, though only articles never stored before are looked up."""
    first = np.arange(128, dtype=np.uint32)
    second, third = first.copy(), first.copy()
    second[88:] += 1000
    third[88:] += 1000
    third[40:80] += 1000  # matches second only: a chain
    texts = {"report": REPORT, "copy": republished(REPORT), "other": SAME_FIGURES_OTHER_REPORT,
             "other-copy": SAME_FIGURES_OTHER_REPORT, "kosong": [" "], "kosong-lagi": [" "]}
    pool = [(name, article(name, paragraphs), None) for name, paragraphs in texts.items()]
    pool += [(name, article(name, [name]), signature) for name, signature in
             (("first", first), ("second", second), ("third", third))]
    looked_up: list[str] = []
    with StateStore(tmp_path / "state.sqlite", "fingerprint") as store:
        add_member = store.add_dedup_member
        store.add_dedup_member = lambda key, *rest: looked_up.append(key) or add_member(key, *rest)
        answers = []
        for run in range(12):
            chosen = random.Random(run).sample(pool, random.Random(run + 100).randint(2, len(pool)))
            fresh, stored = Deduplicator(), Deduplicator(store=store)
            expected = [fresh.find_duplicate(item, signature) for _, item, signature in chosen]
            assert [stored.find_duplicate(item, signature, key) for key, item, signature in chosen] == expected
            answers += expected
    assert sorted(looked_up) == sorted(name for name, _, _ in pool if name not in ("kosong", "kosong-lagi"))
    assert {"report", "copy", "other", "other-copy", "first", "second"} <= set(answers)  # copies were found
