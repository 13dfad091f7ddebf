#!/usr/bin/env python3
"""scale-gen.py: synthetic provincial reports for `make scale` (scripts/scale.sh).

Writes files number START .. START+COUNT-1 of an endless, deterministic series of
plain-text reports shaped like the real ones in corpus/ (see ../shared/DOMAIN.md):
the two-column header of a provincial department (agency, `Số: N/BC-XXX`, the national
motto, `Place, ngày D tháng M năm Y`), the document type and a title with its period
(quý I-IV, 6 tháng, 9 tháng, năm) over 2010-2025, an opening that cites real documents
from bench/scale-decisions.tsv, numbered sections of figures with units (trạm BTS,
tỷ lệ %, tỷ đồng ...) and body paragraphs sampled from the news archive
(../shared/corpora/news-baomoi-35k.tar.gz, read at run time, never copied into the
repository), then the recipients and the signer.  Each file is 3-6 KB.

File I depends only on (SEED, I): generating 0..24999 and then 25000..49999 gives the
same files as generating 0..49999 at once, which is what the incremental scale runs
need.  A manifest (TSV, one row per file, appended to) records what each file states:
path, province code and name, year, period, type, number, date, agency key, the cited
keys and the figures written about BTS stations, so a test can compare the index with it.

Provinces: the 63 provinces in force until 2025-06-30, from
../shared/gazetteer/provinces-2024.tsv (derived from thanglequoc/vietnamese-provinces-
database v2.4.1, Copyright (c) 2021 Thang Le Quoc, MIT License; see
../shared/gazetteer/SOURCES.md).  Only the code and name are used.

Python 3 standard library only.

Copyright (C) 2026 the tracuu authors
SPDX-License-Identifier: GPL-3.0-or-later
"""

import argparse
import os
import random
import re
import sys
import tarfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(REPO), "shared")

# Departments that write these reports: (agency key in data/agencies.tsv, name as in
# running text, name in the header (capitals), symbol code after BC-, the sector its
# reports are about, weight).  UBND tỉnh writes the header in two lines of its own.
DEPARTMENTS = [
    ("so_tttt", "Sở Thông tin và Truyền thông", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "STTTT",
     "Ngành Thông tin và Truyền thông", 6),
    ("so_khdt", "Sở Kế hoạch và Đầu tư", "SỞ KẾ HOẠCH VÀ ĐẦU TƯ", "SKHĐT",
     "ngành Kế hoạch và Đầu tư", 3),
    ("so_tai_chinh", "Sở Tài chính", "SỞ TÀI CHÍNH", "STC", "ngành Tài chính", 2),
    ("so_noi_vu", "Sở Nội vụ", "SỞ NỘI VỤ", "SNV", "ngành Nội vụ", 2),
    ("so_gtvt", "Sở Giao thông vận tải", "SỞ GIAO THÔNG VẬN TẢI", "SGTVT",
     "ngành Giao thông vận tải", 2),
    ("so_cong_thuong", "Sở Công Thương", "SỞ CÔNG THƯƠNG", "SCT", "ngành Công Thương", 2),
    ("so_khcn", "Sở Khoa học và Công nghệ", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "SKHCN",
     "ngành Khoa học và Công nghệ", 1),
    ("ubnd_tinh", "UBND tỉnh", None, "UBND", "tỉnh", 3),
]

# Periods: (code as tracuu's `period` field, how titles write it, the months a report of
# that period is dated in).  A year report is dated in November or December.
PERIODS = [
    ("Q1", ["quý I năm {y}", "quý I/{y}", "3 tháng đầu năm {y}"], (3,)),
    ("Q2", ["quý II năm {y}", "quý II/{y}"], (6,)),
    ("Q3", ["quý III năm {y}", "quý III/{y}"], (9,)),
    ("Q4", ["quý IV năm {y}", "quý IV/{y}"], (12,)),
    ("H1", ["6 tháng đầu năm {y}"], (6,)),
    ("9M", ["9 tháng đầu năm {y}"], (9,)),
    ("Y", ["năm {y}"], (11, 12)),
]

TITLES = [
    "Tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội {p} của {sector}",
    "Kết quả thực hiện nhiệm vụ {p} của {sector}",
    "Tình hình thực hiện nhiệm vụ kinh tế - xã hội, đầu tư phát triển {p} của {sector}",
    "Công tác ứng dụng công nghệ thông tin và chuyển đổi số {p}",
    "Kết quả công tác cải cách hành chính {p}",
]
PLAN_TITLES = [
    "Triển khai nhiệm vụ trọng tâm {p} của {sector}",
    "Ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước {p}",
]

SECTIONS = [
    "Công tác tham mưu, ban hành văn bản chỉ đạo, điều hành",
    "Về Bưu chính, Viễn thông",
    "Về Công nghệ thông tin và chuyển đổi số",
    "Về Báo chí, Xuất bản và Thông tin cơ sở",
    "Công tác cải cách hành chính",
    "Công tác thanh tra, kiểm tra",
    "Tình hình thực hiện các chỉ tiêu kinh tế - xã hội",
]

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Quốc", "Thanh", "Hữu", "Ngọc"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hùng", "Lan", "Long", "Mai", "Nam",
         "Phong", "Quân", "Sơn", "Thắng", "Thủy", "Trung", "Tuấn", "Vinh", "Yến"]


def vn_int(n):
    """1234567 -> '1.234.567' (Vietnamese thousands separator)."""
    return f"{n:,}".replace(",", ".")


def vn_dec(x, digits=1):
    """85.3 -> '85,3'."""
    return f"{x:.{digits}f}".replace(".", ",")


def read_provinces(shared):
    path = os.path.join(shared, "gazetteer", "provinces-2024.tsv")
    out = []
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            code, name, full = line.rstrip("\n").split("\t")
            out.append((code, name, full.startswith("Thành phố")))
    if len(out) != 63:
        sys.exit(f"scale-gen: {path}: expected 63 provinces, read {len(out)}")
    return out


def read_decisions(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            key, word, date, issuer, subject, _src = line.rstrip("\n").split("\t")
            m = re.search(r"/(\d{4})/", key)
            year = int(date[:4]) if date else int(m.group(1)) if m else 0
            out.append((key, word, date, issuer, subject, year))
    if not out:
        sys.exit(f"scale-gen: {path}: no rows")
    return out


def read_news(path, limit):
    """Runs of 2-4 sentences from the bodies of the news articles, in archive order.

    Sentences that look like document symbols (a '/' next to letters and digits) are
    kept out, so that every citation a report holds is one the generator chose."""
    chunks = []
    sym = re.compile(r"\d+/[0-9A-ZĐ]|[A-ZĐ]+-[A-ZĐ]+/|\b\d{1,3}-[A-ZĐ]{2}")
    with tarfile.open(path) as t:
        if limit:
            # The first LIMIT articles in the archive's order, without reading the rest
            # (news-baomoi-35k.tar.gz is stored in name order, so the same ones).
            members = []
            for m in t:
                if m.isfile() and m.name.endswith(".txt"):
                    members.append(m)
                    if len(members) == limit:
                        break
        else:
            members = sorted((m for m in t if m.isfile() and m.name.endswith(".txt")),
                             key=lambda m: m.name)
        for m in members:
            text = t.extractfile(m).read().decode("utf-8", "replace")
            lines = text.split("\n")
            body = " ".join(lines[2:])
            sents = [s.strip() for s in re.split(r"(?<=[.!?])\s+", body)]
            sents = [s for s in sents if 40 <= len(s) <= 400 and not sym.search(s)]
            for i in range(0, min(len(sents), 12) - 1, 3):
                chunks.append(" ".join(sents[i:i + 3]))
    if not chunks:
        sys.exit(f"scale-gen: {path}: no usable text")
    return chunks


class Generator:
    def __init__(self, seed, provinces, decisions, news):
        self.seed = seed
        self.provinces = provinces
        self.decisions = decisions
        self.news = news
        self.dept_weights = [d[5] for d in DEPARTMENTS]

    def one(self, i):
        """Returns (text, manifest fields) of file number i."""
        r = random.Random(f"{self.seed}:{i}")
        code, prov, is_city = r.choice(self.provinces)
        dept = r.choices(DEPARTMENTS, self.dept_weights)[0]
        akey, aname, ahead, asym, sector, _w = dept
        year = r.randint(2010, 2025)
        periods = PERIODS if year < 2025 else [p for p in PERIODS if p[0] in ("Q1", "Q2", "H1")]
        pcode, pforms, months = r.choice(periods)
        month = r.choice(months)
        day = r.randint(5, 28)
        ptext = r.choice(pforms).format(y=year)
        doctype = "plan" if r.random() < 0.1 else "report"
        number = r.randint(1, 2999)
        kind = "tỉnh" if not is_city else "thành phố"
        unit = f"{kind} {prov}"
        sector_txt = sector if akey != "ubnd_tinh" else unit

        L = []
        # Header: the two columns one after the other, as converted files have them.
        if akey == "ubnd_tinh":
            L += ["ỦY BAN NHÂN DÂN", f"{kind.upper()} {prov.upper()}"]
        else:
            L += [f"UBND {kind.upper()} {prov.upper()}", "", ahead]
        sym = "BC" if doctype == "report" else "KH"
        sep = r.choice(["", " ", "  "])
        L.append(f"Số: {sep}{number}{sep}/{sym}-{asym}")
        L += ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "",
              r.choice(["Độc lập - Tự do - Hạnh phúc", "Độc lập – Tự do – Hạnh phúc"])]
        L.append(f"{prov}, ngày {day} tháng {month} năm {year}")
        L += ["", ""]
        if doctype == "report":
            L.append("BÁO CÁO")
            title = r.choice(TITLES).format(p=ptext, sector=sector_txt)
        else:
            L.append("KẾ HOẠCH")
            title = r.choice(PLAN_TITLES).format(p=ptext, sector=sector_txt)
        L += [title, ""]

        # Citations: documents issued before the report.
        date = f"{year:04d}-{month:02d}-{day:02d}"
        usable = [d for d in self.decisions
                  if (d[2] and d[2] < date) or (not d[2] and d[5] <= year)]
        cited = r.sample(usable, min(len(usable), r.randint(1, 3)))
        opening = []
        for key, word, ddate, issuer, subject, _y in cited:
            s = f"{word} số {key}"
            if ddate:
                y, m, d = ddate.split("-")
                s += f" ngày {int(d):02d}/{int(m):02d}/{y}" if r.random() < 0.5 else \
                    f" ngày {int(d)} tháng {int(m)} năm {y}"
            if not word.startswith(("Luật", "Bộ luật")):
                s += f" của {issuer}"
            if subject:
                s += f" {subject}"
            opening.append(s)
        lead = "Thực hiện " + "; ".join(opening) + "; " if opening else "Thực hiện chỉ đạo của UBND tỉnh, "
        L.append(lead + f"{aname} báo cáo kết quả {ptext} như sau:")
        L.append("")
        L.append("I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ")
        L.append("")

        target = r.randint(3000, 6000)
        bts = []
        secs = r.sample(SECTIONS, 4)
        for k, sec in enumerate(secs, 1):
            L.append(f"{k}. {sec}")
            L.append("")
            L.append(self.figure_sentence(r, sec, ptext, bts))
            L.append("")
            for _ in range(r.randint(1, 3)):
                if len("\n".join(L).encode()) >= target - 600:
                    break
                L.append(r.choice(self.news))
                L.append("")
        # Fill with news paragraphs up to the target size, then the closing part.
        L.append("II. NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI")
        L.append("")
        L.append(r.choice(self.news))
        L.append("")
        while len("\n".join(L).encode()) < target - 400:
            L.append(r.choice(self.news))
            L.append("")
        signer = f"{r.choice(SURNAMES)} {r.choice(MIDDLE)} {r.choice(GIVEN)}"
        L += ["Nơi nhận:", f"- UBND {kind} (b/c);", "- Sở Kế hoạch và Đầu tư;", "- Lưu: VT.",
              "", r.choice(["GIÁM ĐỐC", "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"]) if akey != "ubnd_tinh"
              else "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH", "", signer, ""]
        text = "\n".join(L)
        fields = {
            "province_code": code, "province": prov, "year": str(year), "period": pcode,
            "type": doctype, "number": f"{number}/{sym}-{asym}", "date": date,
            "agency": akey, "cites": ",".join(c[0] for c in cited),
            "bts": ",".join(bts), "title": title,
        }
        return text, fields

    def figure_sentence(self, r, sec, ptext, bts):
        """One sentence with 2-3 figures fitting the section, written as reports write them."""
        pct = vn_dec(r.uniform(60, 99.9))
        if "Viễn thông" in sec:
            total = r.randint(150, 4000)
            new = r.randint(3, 120)
            bts.append(f"total:{total}")
            bts.append(f"change:{new}")
            return (f"Trong kỳ, các doanh nghiệp viễn thông đã lắp đặt mới {new} trạm BTS; "
                    f"lũy kế đến nay toàn tỉnh có {vn_int(total)} trạm BTS, tỷ lệ thôn, bản "
                    f"có sóng di động đạt {pct}%. Doanh thu bưu chính, viễn thông {ptext} "
                    f"ước đạt {vn_int(r.randint(50, 3000))} tỷ đồng.")
        if "Công nghệ thông tin" in sec:
            return (f"Toàn tỉnh hiện có {vn_int(r.randint(200, 2500))} dịch vụ công trực tuyến "
                    f"mức độ 3, 4; tỷ lệ hồ sơ được xử lý trực tuyến đạt {pct}%; "
                    f"đã cấp {vn_int(r.randint(100, 9000))} chứng thư số cho cán bộ, công chức.")
        if "Báo chí" in sec:
            return (f"Trong kỳ, Sở đã cấp {r.randint(5, 90)} giấy phép xuất bản tài liệu không "
                    f"kinh doanh; hệ thống truyền thanh cơ sở hoạt động tại {r.randint(20, 250)} "
                    f"xã, đạt tỷ lệ {pct}%.")
        if "cải cách" in sec:
            return (f"Tiếp nhận {vn_int(r.randint(500, 60000))} hồ sơ thủ tục hành chính, "
                    f"giải quyết đúng hạn đạt tỷ lệ {pct}%; kinh phí thực hiện "
                    f"{vn_int(r.randint(100, 9000))} triệu đồng.")
        if "thanh tra" in sec:
            return (f"Tổ chức {r.randint(2, 40)} cuộc kiểm tra, xử phạt vi phạm hành chính "
                    f"{vn_int(r.randint(10, 900))} triệu đồng.")
        if "chỉ tiêu" in sec:
            return (f"Tổng vốn đầu tư phát triển trên địa bàn ước đạt {vn_int(r.randint(500, 90000))} "
                    f"tỷ đồng, tăng {vn_dec(r.uniform(1, 20))}% so với cùng kỳ; giải ngân vốn đầu "
                    f"tư công đạt {pct}% kế hoạch.")
        return (f"Tham mưu UBND tỉnh ban hành {r.randint(3, 60)} văn bản chỉ đạo, điều hành; "
                f"ban hành {r.randint(20, 400)} văn bản hướng dẫn chuyên môn.")


MANIFEST_COLS = ["path", "province_code", "province", "year", "period", "type", "number",
                 "date", "agency", "cites", "bts", "title"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="folder to write into (files go in OUT/NNN/)")
    ap.add_argument("--start", type=int, default=0, help="number of the first file")
    ap.add_argument("--count", type=int, required=True, help="how many files")
    ap.add_argument("--seed", default="14", help="seed of the series (default 14)")
    ap.add_argument("--shared", default=SHARED,
                    help="the shared folder with gazetteer/ and corpora/ (default ../shared "
                         "beside the repository)")
    ap.add_argument("--news", help="the news archive (tar.gz of .txt) to sample body text "
                    "from (default SHARED/corpora/news-baomoi-35k.tar.gz)")
    ap.add_argument("--news-limit", type=int, default=0,
                    help="read only the first N articles (0: all; a quicker start for tests)")
    ap.add_argument("--decisions", default=os.path.join(REPO, "bench", "scale-decisions.tsv"))
    ap.add_argument("--manifest", help="TSV to append one row per file to (header if new)")
    a = ap.parse_args()
    if not a.news:
        a.news = os.path.join(a.shared, "corpora", "news-baomoi-35k.tar.gz")
    if a.start < 0 or a.count < 0:
        sys.exit("scale-gen: --start and --count must be >= 0")
    if not os.path.isfile(a.news):
        sys.exit(f"scale-gen: news archive not found: {a.news}")

    gen = Generator(a.seed, read_provinces(a.shared), read_decisions(a.decisions),
                    read_news(a.news, a.news_limit))
    man = None
    if a.manifest:
        new = not os.path.exists(a.manifest) or os.path.getsize(a.manifest) == 0
        os.makedirs(os.path.dirname(os.path.abspath(a.manifest)), exist_ok=True)
        man = open(a.manifest, "a", encoding="utf-8")
        if new:
            man.write("\t".join(MANIFEST_COLS) + "\n")
    nbytes = 0
    for i in range(a.start, a.start + a.count):
        text, fields = gen.one(i)
        d = os.path.join(a.out, f"{i // 1000:03d}")
        os.makedirs(d, exist_ok=True)
        path = os.path.join(d, f"{i:06d}.txt")
        data = text.encode("utf-8")
        with open(path, "wb") as f:
            f.write(data)
        nbytes += len(data)
        if man:
            fields["path"] = os.path.relpath(path, a.out)
            man.write("\t".join(fields[c].replace("\t", " ") for c in MANIFEST_COLS) + "\n")
    if man:
        man.close()
    print(f"scale-gen: wrote {a.count} files ({nbytes / 1e6:.1f} MB) from number {a.start} "
          f"into {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
