"""Check that `pip install .` needs no compiler on Windows: every dependency that setup.cfg installs
there has a win_amd64 wheel for each supported Python.

    python scripts/windows_wheels.py            # downloads into a temporary folder, prints a table

`pip download --platform win_amd64 .` cannot answer this by itself: pip evaluates the
`platform_system` markers against the machine it runs on, so on Linux it still asks for
durable-rules (source only). This script evaluates each requirement's marker for Windows first and
downloads only what Windows would install, wheels only (`--only-binary=:all:`). Exit 1 if any
requirement has no wheel.
"""

from __future__ import annotations

import configparser
import subprocess
import sys
import tempfile
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
PYTHONS = ("3.11", "3.12", "3.13")


def windows_requirements(python: str) -> list[str]:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    lines = [line.strip() for line in config["options"]["install_requires"].splitlines()]
    wanted = []
    for line in lines:
        if not line or line.startswith("#"):
            continue
        requirement = Requirement(line)
        environment = {"platform_system": "Windows", "sys_platform": "win32", "os_name": "nt",
                       "python_version": python, "python_full_version": f"{python}.0"}
        if requirement.marker is None or requirement.marker.evaluate(environment):
            wanted.append(str(Requirement(line)).split(";")[0])
    return wanted


def main() -> int:
    failed = 0
    for python in PYTHONS:
        requirements = windows_requirements(python)
        with tempfile.TemporaryDirectory() as folder:
            result = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--platform", "win_amd64",
                                     "--only-binary=:all:", "--python-version", python, "--dest", folder, *requirements],
                                    capture_output=True, text=True)
            wheels = sorted(path.name for path in Path(folder).glob("*.whl"))
        status = "ok" if result.returncode == 0 else "FAILED"
        failed += result.returncode != 0
        print(f"Python {python} win_amd64: {status}, {len(wheels)} wheels for {len(requirements)} requirements")
        if result.returncode:
            print(result.stderr.strip().splitlines()[-1])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
