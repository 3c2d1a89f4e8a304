"""Render fundcheck's printable outputs the way an office prints them, to look at them.

    python scripts/render.py reports/example/cases/W05-001.html reports/example/summary.xlsx --out /tmp/render

HTML goes through headless Chromium (``--print-to-pdf``: the page's own @page size and margins
apply), workbooks through headless LibreOffice (the sheet's page setup applies). Each input gives
``<folder>_<name>.pdf`` and one PNG per page (``<folder>_<name>-<n>.png``, via pdftoppm), and the script prints the page
count and paper size of each PDF so a change that breaks the layout shows as a number.

Needs: chromium, libreoffice-calc, poppler-utils and a CJK font (Debian/Ubuntu:
``apt-get install chromium libreoffice-calc poppler-utils fonts-noto-cjk``). Not part of the
test suite: the tests check the page setup itself; this is for a person to look.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PROGRAMS = {"chromium": ("chromium", "chromium-browser", "google-chrome"), "soffice": ("soffice", "libreoffice"),
            "pdftoppm": ("pdftoppm",), "pdfinfo": ("pdfinfo",)}


def program(name: str) -> str:
    for candidate in PROGRAMS[name]:
        found = shutil.which(candidate)
        if found:
            return found
    sys.exit(f"缺少 {name}：请安装 chromium、libreoffice-calc、poppler-utils 和 fonts-noto-cjk")


def html_to_pdf(source: Path, target: Path) -> None:
    subprocess.run([program("chromium"), "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={target}", source.resolve().as_uri()],
                   check=True, capture_output=True, timeout=120)


def workbook_to_pdf(source: Path, target: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([program("soffice"), "--headless", "--convert-to", "pdf", "--outdir", folder, str(source)],
                       check=True, capture_output=True, timeout=180)
        shutil.move(Path(folder) / (source.stem + ".pdf"), target)


def pages(pdf: Path) -> tuple[int, str]:
    info = subprocess.run([program("pdfinfo"), str(pdf)], check=True, capture_output=True, text=True).stdout
    count = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    size = re.search(r"^Page size:\s+(.+)$", info, re.M).group(1).strip()
    return count, size


def render(source: Path, out: Path, resolution: int) -> str:
    name = f"{source.parent.name}_{source.stem}" if source.parent.name else source.stem  # round.html in many folders
    pdf = out / (name + ".pdf")
    if source.suffix.lower() in (".html", ".htm"):
        html_to_pdf(source, pdf)
    elif source.suffix.lower() in (".xlsx", ".xlsm", ".ods", ".csv"):
        workbook_to_pdf(source, pdf)
    else:
        return f"{source}: 不认识的文件类型（HTML 或工作簿）"
    subprocess.run([program("pdftoppm"), "-png", "-r", str(resolution), str(pdf), str(out / name)],
                   check=True, capture_output=True, timeout=120)
    count, size = pages(pdf)
    return f"{source} → {pdf}：{count} 页，纸张 {size}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path, help="HTML reports or workbooks")
    parser.add_argument("--out", type=Path, required=True, help="folder for the PDFs and page images")
    parser.add_argument("--resolution", type=int, default=70, help="PNG resolution in dpi (default 70)")
    arguments = parser.parse_args()
    arguments.out.mkdir(parents=True, exist_ok=True)
    for source in arguments.files:
        print(render(source, arguments.out, arguments.resolution))


if __name__ == "__main__":
    main()
