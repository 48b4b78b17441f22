#!/usr/bin/env python3
"""Writes the sample battle-map plan: items.csv, reports.csv, deadline_changes.csv.

The four centres are real (the 2023-2025 three-year action plan, as the source page names
them). Every action and measure below them, every unit assignment, date, report and deadline
change is SAMPLE DATA, made up to show the battle map: the real 20 actions and 160 measures are
not public in our sources. Each measure follows a profile so that, as of 2025-06-30, every status
appears (done, not started, green, amber, red). Deterministic: run it again, get the same files.
"""
import csv
import datetime as dt
from pathlib import Path

HERE = Path(__file__).parent
SAMPLE = "示例数据 sample data"

CENTRES = [
    ("1", "旅游集散中心", "Distribution hub", "市交通运输局"),
    ("2", "文旅消费中心", "Culture and tourism consumption centre", "市商务局"),
    ("3", "生态旅游产业中心", "Eco-tourism industry centre", "市文化旅游广电局"),
    ("4", "文化中心", "Culture centre", "市文化旅游广电局"),
]

# code, title, lead unit, partner units, leaders, start, due, profile, district, target
# Profiles: pace (share of the straight line reported), or "future" (no report yet).
MEASURES = [
    ("1.1", "完善旅游集散服务体系（示例）", "市交通运输局", [], ["张明", "李华"], "2023-01-01", "2025-12-31", None, "", ""),
    ("1.1.1", "建成西宁站游客集散中心（示例）", "市交通运输局", ["城东区人民政府"], [], "2023-03-01", "2024-12-31", 1.25, "城东区", ""),
    ("1.1.2", "开通景区旅游直通车线路（示例）", "市交通运输局", ["湟中区人民政府", "湟源县人民政府"], [], "2023-06-01", "2025-12-31", 1.0, "湟中区", "10条线路"),
    ("1.2", "提升城市旅游交通标识（示例）", "城中区人民政府", [], ["王强"], "2023-01-01", "2025-12-31", None, "", ""),
    ("1.2.1", "完善景区交通标识系统（示例）", "城中区人民政府", ["市交通运输局"], [], "2023-04-01", "2025-09-30", 0.55, "城中区", ""),
    ("1.2.2", "建设智慧停车引导系统（示例）", "城西区人民政府", [], [], "2025-09-01", "2025-12-31", "future", "城西区", ""),
    ("2.1", "培育夜间文旅消费（示例）", "市商务局", [], ["赵敏", "孙磊"], "2023-01-01", "2025-12-31", None, "", ""),
    ("2.1.1", "打造夜间文旅消费集聚区（示例）", "城东区人民政府", ["市商务局"], [], "2023-01-01", "2025-12-31", 0.83, "城东区", "3个集聚区"),
    ("2.1.2", "推出“微游西宁”citywalk线路（示例）", "市文化旅游广电局", ["城中区人民政府"], [], "2023-01-01", "2024-06-30", 1.3, "城中区", "8个主题、10条以上线路"),
    ("2.2", "丰富文旅消费产品（示例）", "市文化旅游广电局", [], ["周伟"], "2023-01-01", "2025-12-31", None, "", ""),
    ("2.2.1", "开发冬春季旅游产品（示例）", "市文化旅游广电局", ["大通县人民政府"], [], "2023-10-01", "2025-03-31", 0.9, "大通县", ""),
    ("3.1", "推进重点文旅项目建设（示例）", "市发展和改革委员会", [], ["吴刚", "郑丽"], "2023-01-01", "2025-12-31", None, "", ""),
    ("3.1.1", "建立生态旅游重点项目库（示例）", "市发展和改革委员会", ["市文化旅游广电局"], [], "2023-01-01", "2023-12-31", 1.2, "", "93个项目"),
    ("3.1.2", "推进长城国家文化公园大通段建设（示例）", "大通县人民政府", ["市文化旅游广电局", "市林业和草原局"], [], "2023-03-01", "2025-12-31", 0.97, "大通县", ""),
    ("3.2", "发展冰雪旅游（示例）", "湟源县人民政府", [], ["陈静"], "2023-01-01", "2025-12-31", None, "", ""),
    ("3.2.1", "打造宗家沟冰灯冬季品牌（示例）", "湟源县人民政府", ["市文化旅游广电局"], [], "2023-11-01", "2025-12-31", 0.7, "湟源县", ""),
    ("4.1", "延长“四馆”开放时间（示例）", "市文化旅游广电局", [], ["刘洋"], "2023-01-01", "2025-12-31", None, "", ""),
    ("4.1.1", "旺季四馆延时开放至19:00（示例）", "市文化旅游广电局", ["城北区人民政府"], [], "2023-05-01", "2025-10-31", 1.0, "城北区", "720000"),
    ("4.1.2", "上线“图文博美”数字平台（示例）", "市文化旅游广电局", [], [], "2023-03-01", "2024-12-31", 0.85, "", ""),
    ("4.2", "传承非物质文化遗产（示例）", "市文化旅游广电局", [], ["黄蕾"], "2023-01-01", "2025-12-31", None, "", ""),
    ("4.2.1", "举办非遗展览与培训（示例）", "市文化旅游广电局", ["湟中区人民政府"], [], "2023-01-01", "2025-12-31", 0.96, "湟中区", ""),
]

# One deadline change (延期): 4.1.2 was due 2024-12-31, moved to 2025-09-30.
CHANGES = [("4.1.2", "2024-12-31", "2025-09-30", "2024-11-15", "示例：平台接口联调延后 (sample)")]


def d(s):
    return dt.date.fromisoformat(s)


def quarter_ends(start, end):
    y, m = start.year, start.month
    while True:
        m2 = ((m - 1) // 3 + 1) * 3
        last = (dt.date(y + (m2 == 12), m2 % 12 + 1, 1) - dt.timedelta(days=1))
        if last > end:
            return
        yield last
        y, m = (y + 1, 1) if m2 == 12 else (y, m2 + 1)


def main():
    with open(HERE / "items.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "parent_code", "title", "title_en", "leaders", "lead_unit", "partner_units", "start", "due", "district", "target", "notes"])
        for code, zh, en, unit in CENTRES:
            w.writerow([code, "", zh, en, "", unit, "", "2023-01-01", "2025-12-31", "", "", "四个中心之一（来源：西宁晚报 2024-01）"])
        for code, zh, unit, partners, leaders, start, due, _, district, target in MEASURES:
            w.writerow([code, "", zh, "", "、".join(leaders), unit, "、".join(partners), start, due, district, target, SAMPLE])
    rows = []
    changed = {c[0]: d(c[2]) for c in CHANGES}
    for code, _, _, _, _, start, due, pace, _, _ in MEASURES:
        if pace is None or pace == "future":
            continue
        s, e = d(start), changed.get(code, d(due))
        for q in quarter_ends(s, dt.date(2025, 12, 31)):
            expected = min(1.0, (q - s).days / (e - s).days) * 100
            pct = min(100, round(pace * expected))
            narrative = "已完成" if pct == 100 else f"按计划推进，完成{pct}%（示例）"
            rows.append([code, f"{q.year:04d}-{q.month:02d}", pct, narrative])
            if pct == 100:
                break
    with open(HERE / "reports.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "period", "percent", "narrative"])
        w.writerows(rows)
    with open(HERE / "deadline_changes.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "from", "to", "decided", "reason"])
        w.writerows(CHANGES)


if __name__ == "__main__":
    main()
