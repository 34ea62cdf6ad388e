"""`make -s classify` end to end: JSON Lines in, the same lines with task and sentiment out."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]

ITEMS = [
    {"id": 1, "title": "Xử lý vi phạm dạy thêm học thêm", "lede": ""},
    {"id": 2, "title": "Học sinh chưa biết bơi, nhiều vụ đuối nước", "lede": "Phụ huynh lo lắng."},
    {"id": 3, "title": "Giá xăng giảm nhẹ", "lede": "", "sentiment_label": "Tích cực"},
]
# 1: 2.3 by "vi phạm", "dạy thêm", "học thêm"; negative by "vi phạm".
# 2: 2.10 by "biết bơi"; negative by "đuối nước" and "lo lắng".
# 3: no phrase -> ""; the service's label "Tích cực" wins -> positive.
EXPECTED = [("2.3", "negative"), ("2.10", "negative"), ("", "positive")]


def run(args: list[str], text: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, input=text, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300)


def lines(items: list[dict]) -> str:
    return "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items)


def test_module_labels_each_line_and_keeps_its_fields():
    done = run([sys.executable, "-m", "orchestration.classify"], lines(ITEMS))
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(o["task"], o["sentiment"]) for o in out] == EXPECTED
    assert [o["id"] for o in out] == [1, 2, 3]
    assert set(out[0]) == {"id", "title", "lede", "task", "sentiment"}
    assert "3 items labelled" in done.stderr


def test_a_bad_line_is_named_on_stderr():
    done = run([sys.executable, "-m", "orchestration.classify"], lines(ITEMS[:1]) + "{not json\n")
    assert done.returncode == 2
    assert "line 2: not valid JSON" in done.stderr
    done = run([sys.executable, "-m", "orchestration.classify"], '{"title": 5}\n')
    assert "line 1: `title` must be text, got int 5" in done.stderr


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_classify_prints_only_json():
    done = run(["make", "-s", "classify"], lines(ITEMS))
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]  # every stdout line is JSON
    assert [(o["task"], o["sentiment"]) for o in out] == EXPECTED
