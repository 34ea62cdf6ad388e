import polars as pl

from orchestration.domain import reference


def test_fifteen_tasks_in_four_clusters_from_the_plan():
    tasks = reference.tasks()
    assert tasks["task_code"].to_list() == [f"2.{i}" for i in range(1, 16)]
    clusters = dict(zip(tasks["task_code"], tasks["cluster"], strict=True))
    assert [clusters["2.1"], clusters["2.4"], clusters["2.8"], clusters["2.11"], clusters["2.15"]] == [1, 2, 3, 4, 4]
    assert (
        tasks.filter(pl.col("task_code") == "2.9")["task_title"].item()
        == "Xây dựng và nhân rộng mô hình “Trường học hạnh phúc”"
    )


def test_assignments_follow_the_table_including_the_misprinted_row():
    a = reference.task_assignments()

    def leads(code: str) -> list[str]:
        return sorted(a.filter((pl.col("task_code") == code) & (pl.col("role") == "lead"))["assignee_code"])

    assert leads("2.4") == ["GDMN", "GDPT", "GDTX"]
    assert leads("2.7") == ["NCL", "VP"]
    # The table prints "12" twice; the second one is task 2.13 (non-public education).
    assert leads("2.12") == ["KHTC"]
    assert leads("2.13") == ["NCL"]
    coordinating = a.filter((pl.col("task_code") == "2.15") & (pl.col("role") == "coordinating"))
    assert coordinating.select("assignee_kind", "assignee_code").rows() == [("group", "all_units")]


def test_department_name_with_a_comma_is_one_unit():
    parsed = reference.parse_assignees("Văn phòng, Phòng Học sinh, sinh viên")
    assert [p["assignee_code"] for p in parsed] == ["VP", "HSSV"]


def test_role_note_kept_beside_the_unit():
    parsed = reference.parse_assignees("Văn phòng (chuyển đổi số)")
    assert parsed == [{"assignee_kind": "unit", "assignee_code": "VP", "role_note": "chuyển đổi số"}]


def test_168_wards_by_type_and_former_province():
    wards = reference.wards()
    assert wards.height == 168
    assert dict(wards.group_by("ward_type").len().rows()) == {"Phường": 113, "Xã": 54, "Đặc khu": 1}
    assert dict(wards.group_by("former_province").len().rows()) == {
        "Thành phố Hồ Chí Minh": 102,
        "Tỉnh Bình Dương": 36,
        "Tỉnh Bà Rịa - Vũng Tàu": 30,
    }
    ben_thanh = wards.filter(pl.col("ward_name") == "Phường Bến Thành").row(0, named=True)
    assert (ben_thanh["ward_code"], ben_thanh["former_province"]) == ("26743", "Thành phố Hồ Chí Minh")
    assert wards.filter(pl.col("ward_type") == "Đặc khu")["ward_name"].item() == "Đặc khu Côn Đảo"


def test_2030_targets_quoted_from_the_plan():
    targets = dict(zip(*reference.targets_2030().select("target_code", "target_value"), strict=True))
    assert targets["standard_share_thpt"] == 38.5
    assert targets["classrooms_per_10k"] == 300
    assert targets["workforce_tertiary_share"] == 24
    assert targets["classroom_project_4500"] == 4500
