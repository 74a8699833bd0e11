"""The catalogue of problems PA Tracker reports, each in Thai and English.

Every problem has a stable code so people can search for it and tests can assert it:
PA0xx loading, PA1xx schema, PA2xx layout, PA3xx references, PA4xx rules, PA5xx privacy.
Messages are ``str.format`` templates; the caller supplies the named fields.
"""

from __future__ import annotations

CATALOGUE: dict[str, tuple[str, str]] = {
    # --- loading ---------------------------------------------------------------------------
    "PA001": (
        "ไฟล์ใหญ่เกินไป ({size:,} ไบต์; ไม่เกิน {limit:,} ไบต์)",
        "file is too large ({size:,} bytes; the limit is {limit:,})",
    ),
    "PA002": (
        "ไฟล์ไม่ได้เข้ารหัสแบบ UTF-8 (ไบต์ที่ผิดคือ 0x{byte:02x})",
        "file is not valid UTF-8 (bad byte 0x{byte:02x})",
    ),
    "PA003": (
        "ไฟล์ขึ้นต้นด้วย BOM ให้บันทึกเป็น UTF-8 แบบไม่มี BOM",
        "file starts with a byte-order mark; save it as UTF-8 without BOM",
    ),
    "PA004": (
        "มีอักขระควบคุมที่มองไม่เห็น (U+{codepoint:04X}){hint_th} ให้ลบออก",
        "invisible control character U+{codepoint:04X}{hint_en}; remove it",
    ),
    "PA005": (
        "มีอักขระกลับทิศทางข้อความ (U+{codepoint:04X}){hint_th} ซึ่งใช้ซ่อนข้อความได้ ให้ลบออก",
        "bidirectional control character U+{codepoint:04X}{hint_en} can hide text; remove it",
    ),
    "PA006": (
        "ข้อความภาษาไทยไม่อยู่ในรูปแบบ Unicode NFC ให้พิมพ์ใหม่หรือแปลงเป็น NFC",
        "text is not in Unicode NFC form; retype it or normalise it to NFC",
    ),
    "PA007": (
        "เขียนไฟล์ผิดรูปแบบ YAML ที่บรรทัดนี้: {hint_th}",
        "invalid YAML: {detail}; {hint_en}",
    ),
    "PA008": (
        "ไม่อนุญาตให้ใช้ anchor (&) หรือ alias (*) ให้เขียนค่าซ้ำตรง ๆ",
        "anchors (&) and aliases (*) are not allowed; write the value out",
    ),
    "PA009": (
        "ไม่อนุญาตให้ใช้ merge key (<<) ให้เขียนทุกช่องตรง ๆ",
        "merge keys (<<) are not allowed; write every field out",
    ),
    "PA010": (
        "ไม่อนุญาตให้ใช้แท็ก YAML ({tag}) ให้ใส่ค่าเป็นข้อความธรรมดา",
        "YAML tags ({tag}) are not allowed; write a plain value",
    ),
    "PA011": (
        "ช่อง '{key}' ซ้ำกับบรรทัด {first_line} (YAML จะเก็บค่าหลังสุดไว้เงียบ ๆ)",
        "duplicate key '{key}', first defined on line {first_line}",
    ),
    "PA012": (
        "ข้อมูลซ้อนกันลึกเกิน {limit} ชั้น",
        "data is nested deeper than {limit} levels",
    ),
    "PA013": (
        "ไฟล์หนึ่งต้องมีเอกสาร YAML เดียว (พบ '---' คั่นเอกสารที่สอง)",
        "a file must hold one YAML document (found a second one)",
    ),
    "PA014": ("ไฟล์ว่างเปล่า", "file is empty"),
    "PA015": (
        "ชื่อช่องต้องเป็นข้อความธรรมดา ไม่ใช่รายการหรือกลุ่มข้อมูล",
        "a key must be plain text, not a list or mapping",
    ),
    "PA016": (
        "ระดับบนสุดของไฟล์ต้องเป็นชุดช่องข้อมูล (key: value)",
        "the top level of the file must be a mapping (key: value)",
    ),
    "PA017": (
        "มีอักขระที่มองไม่เห็น (U+{codepoint:04X}){hint_th} ซึ่งใช้ซ่อนข้อความหรือทำให้รหัส"
        "ที่ดูเหมือนกันกลายเป็นคนละรหัสได้ ให้ลบออก",
        "invisible character U+{codepoint:04X}{hint_en} can hide text or make look-alike ids"
        " differ; remove it",
    ),
    # --- schema --------------------------------------------------------------------------
    "PA101": (
        "ไม่รู้จักช่อง '{key}' ในแบบฟอร์มนี้{hint_th}",
        "unknown field '{key}'{hint_en}",
    ),
    "PA102": ("ขาดช่องที่ต้องกรอก '{key}' ({title})", "missing required field '{key}'"),
    "PA103": (
        "{title}: ต้องเป็น{expected_th} แต่พบ {found}{hint_th}",
        "{field}: expected {expected_en}, found {found}{hint_en}",
    ),
    "PA104": (
        "{title}: ค่า {found} ใช้ไม่ได้ ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้: {allowed}",
        "{field}: {found} is not allowed; use one of: {allowed}",
    ),
    "PA105": (
        "{title}: รูปแบบไม่ถูกต้อง ({found}){hint_th}",
        "{field}: wrong format ({found}){hint_en}",
    ),
    "PA106": (
        "{title}: ค่า {found} อยู่นอกช่วงที่กำหนด ({bound_th})",
        "{field}: {found} is out of range ({bound_en})",
    ),
    "PA107": (
        "{title}: จำนวนรายการไม่ถูกต้อง ({bound_th})",
        "{field}: wrong number of items ({bound_en})",
    ),
    "PA108": (
        "{title}: '{found}' ไม่ใช่วันที่ที่มีจริง (ใช้รูปแบบ ค.ศ. ปปปป-ดด-วว เช่น 2025-10-01)",
        "{field}: '{found}' is not a real date (use YYYY-MM-DD, Gregorian)",
    ),
    "PA109": (
        "{title}: ความยาวข้อความไม่ถูกต้อง ({bound_th})",
        "{field}: text length out of range ({bound_en})",
    ),
    "PA110": (
        "{title}: ไม่ตรงตามแบบฟอร์ม ({detail})",
        "{field}: does not match the schema ({detail})",
    ),
    "PA111": ("{title}: มีรายการซ้ำกัน", "{field}: items must be unique"),
    # --- layout --------------------------------------------------------------------------
    "PA201": (
        "ไฟล์อยู่ผิดที่: ระบบไม่รู้จักตำแหน่ง {where} (ดูโครงสร้างโฟลเดอร์ใน README)",
        "file is in an unknown place: {where} (see the record layout in the README)",
    ),
    "PA202": (
        "รหัส '{found}' ในไฟล์ไม่ตรงกับชื่อไฟล์/โฟลเดอร์ '{expected}'",
        "id '{found}' in the file differs from '{expected}' in its path",
    ),
    "PA203": (
        "ปีงบประมาณ {found} ในไฟล์ไม่ตรงกับโฟลเดอร์ปี {expected}",
        "fiscal year {found} in the file differs from the folder year {expected}",
    ),
    "PA204": (
        "{title}: วันที่ {date} อยู่นอกปีงบประมาณ {fy} ({start} ถึง {end})",
        "{field}: date {date} falls outside fiscal year {fy} ({start} to {end})",
    ),
    "PA205": (
        "{title} '{found}' ในไฟล์ไม่ตรงกับชื่อไฟล์ '{expected}'",
        "{field} '{found}' in the file differs from '{expected}' in the file name",
    ),
    "PA206": (
        "พบไฟล์ที่ไม่ใช่ .yaml ในโฟลเดอร์ records/ ({where})",
        "a file that is not .yaml lies in records/ ({where})",
    ),
    "PA207": (
        "ลิงก์สัญลักษณ์ (symlink) ไม่อนุญาตใน records/",
        "symbolic links are not allowed in records/",
    ),
    "PA208": (
        "ชื่อไฟล์ซ้ำกับ {other} เมื่อไม่สนใจตัวพิมพ์เล็ก-ใหญ่",
        "file name clashes with {other} when case is ignored",
    ),
    "PA209": (
        "ไม่พบไฟล์ office.yaml ของสำนักงานเขต ซึ่งต้องมีเสมอ",
        "records/office.yaml is missing; every records tree needs one",
    ),
    # --- references ----------------------------------------------------------------------
    "PA301": ("{title}: ไม่พบโรงเรียนรหัส '{ref}'", "{field}: no school with id '{ref}'"),
    "PA302": ("{title}: ไม่พบบุคคลรหัส '{ref}'", "{field}: no person with id '{ref}'"),
    "PA303": (
        "{title}: ไม่พบคณะกรรมการปี {fy} ที่มี '{ref}' เป็นผู้รับการประเมิน",
        "{field}: no committee in {fy} has '{ref}' as an assessee",
    ),
    "PA304": (
        "{title}: '{member}' ไม่ได้เป็นกรรมการประเมินของ '{person}' ในปี {fy}",
        "{field}: '{member}' does not sit on the committee of '{person}' in {fy}",
    ),
    "PA305": (
        "'{ref}' เป็นผู้รับการประเมินในคณะกรรมการ {first} และ {second} ซ้ำกัน",
        "'{ref}' is assessed by two committees: {first} and {second}",
    ),
    "PA306": (
        "{title}: ไม่พบการประเมิน '{ref}' ที่อ้างถึง",
        "{field}: the evaluation '{ref}' it refers to does not exist",
    ),
    # --- rules ---------------------------------------------------------------------------
    "PA401": (
        "ตัวชี้วัดไม่ตรงกับแบบฟอร์ม {form}: {detail_th}",
        "indicators do not match form {form}: {detail_en}",
    ),
    "PA402": (
        "แบบฟอร์ม '{found}' ไม่ใช่แบบฟอร์มของตำแหน่ง{position} (ต้องใช้ '{expected}')",
        "form '{found}' is not the form for this position (use '{expected}')",
    ),
    "PA403": (
        "ประเด็นท้าทายต้องมี {expected} ประเด็นตามแบบฟอร์ม {form} (พบ {found})",
        "form {form} needs exactly {expected} challenge issue(s) (found {found})",
    ),
    "PA404": (
        "คณะกรรมการต้องมีกรรมการ 3 คนไม่ซ้ำกัน และมีประธาน 1 คน ({detail_th})",
        "a committee needs three distinct members with one chair ({detail_en})",
    ),
    "PA405": (
        "{title}: วันที่ {date} อยู่นอกรอบการประเมินที่ {round} ({start} ถึง {end})",
        "{field}: date {date} is outside round {round} ({start} to {end})",
    ),
    "PA406": (
        "ประเมินข้อตกลงที่ยังไม่ได้รับความเห็นชอบไม่ได้ (สถานะข้อตกลง: {status})",
        "cannot evaluate an agreement that was never approved (agreement status: {status})",
    ),
    "PA407": (
        "มีคำขอที่ยังดำเนินการอยู่ของบุคคลเดียวกันเพื่อวิทยฐานะเดียวกันแล้ว ({other})",
        "another open application of this person for the same standing exists ({other})",
    ),
    "PA408": (
        "ครูผู้ช่วยไม่ต้องจัดทำ PA ให้ประเมินตามแบบ ว26 ในโฟลเดอร์ induction/ แทน",
        "assistant teachers do not do PA; evaluate them with form ว26 under induction/",
    ),
    "PA409": (
        "เปลี่ยนสถานะคำขอจาก '{src}' เป็น '{dst}' ไม่ได้ (ทำได้: {allowed})",
        "illegal application status change '{src}' → '{dst}' (allowed: {allowed})",
    ),
    "PA410": ("{detail_th}", "{detail_en}"),
    "PA411": (
        "{title}: ปี {year} ดูเหมือนเป็น พ.ศ. ในไฟล์ให้ใช้ ค.ศ. (เช่น {suggest})",
        "{field}: year {year} looks like Buddhist Era; files use Gregorian (e.g. {suggest})",
    ),
    "PA412": (
        "{title}: วันที่ {later} ต้องไม่มาก่อน {earlier}",
        "{field}: {later} must not come before {earlier}",
    ),
    "PA413": (
        "{title}: คะแนน {found} เกินคะแนนเต็ม {limit} ของข้อ {item}",
        "{field}: score {found} exceeds the maximum {limit} for item {item}",
    ),
    "PA414": (
        "การประเมินครูผู้ช่วยใช้ได้เฉพาะผู้ที่มีตำแหน่งครูผู้ช่วย (ตำแหน่งปัจจุบัน: {position})",
        "induction evaluations are only for assistant teachers (current position: {position})",
    ),
    "PA415": (
        "ผู้อำนวยการโรงเรียน '{ref}' ไม่ได้สังกัดโรงเรียนนี้",
        "school director '{ref}' does not belong to this school",
    ),
    "PA416": (
        "คณะกรรมการเตรียมความพร้อมฯ ของ '{person}' ไม่ครบตามองค์ประกอบ (ว19/2561 ข้อ 1): {detail_th}",
        "the ว26 committee of '{person}' does not follow ว19/2561 §1: {detail_en}",
    ),
    "PA417": (
        "แจ้งผลการประเมินแล้ว (notified) ต้องมี{missing_th}ด้วย (ว19/2561 ข้อ 4.6)",
        "a result given to the teacher (notified) must carry {missing_en} (ว19/2561 §4.6)",
    ),
    # --- privacy -------------------------------------------------------------------------
    "PA501": (
        "พบตัวเลขที่มีลักษณะเป็นเลขประจำตัวประชาชน 13 หลัก ห้ามเก็บในระบบ (PDPA)",
        "a 13-digit number that passes the Thai national-ID checksum; never store one (PDPA)",
    ),
}


def render(code: str, **fields: object) -> tuple[str, str]:
    """Return the Thai and English message for ``code`` with ``fields`` filled in."""
    th, en = CATALOGUE[code]
    fields.setdefault("hint_th", "")
    fields.setdefault("hint_en", "")
    return th.format(**fields), en.format(**fields)


# --- PA6xx: history and pull-request protection (audit trail) ---------------------------
CATALOGUE.update(
    {
        "PA601": (
            "ผลการประเมินนี้ยืนยันแล้ว (final: true) ห้ามแก้ไข ให้สร้างไฟล์แก้ไขผล {suggest} ที่ระบุ amends และ reason แทน",
            "this evaluation is final and must not be edited; add an amendment record {suggest} with amends and reason instead",
        ),
        "PA602": (
            "ห้ามลบผลการประเมินที่ยืนยันแล้ว (final: true) ให้สร้างไฟล์แก้ไขผล {suggest} แทน",
            "a final evaluation must not be deleted; add an amendment record {suggest} instead",
        ),
        "PA603": (
            "ประวัติสถานะคำขอแก้ย้อนหลังไม่ได้: รายการที่ {n} ({status}) ถูก{action_th} ให้เพิ่มรายการใหม่ต่อท้ายเท่านั้น",
            "an application's status history is append-only: entry {n} ({status}) was {action_en}; add a new entry at the end instead",
        ),
        "PA604": (
            "ห้ามลบคำขอ ให้เพิ่มสถานะ withdrawn (ถอนคำขอ) ต่อท้ายประวัติแทน",
            "an application must not be deleted; append a withdrawn status instead",
        ),
        "PA605": (
            "ตรวจข้อห้ามการแก้ไขไม่ได้: ไม่พบรุ่น '{base}' ในประวัติ Git ({detail}) — ใน GitHub Actions ให้ใช้ fetch-depth: 0",
            "cannot check the protection rules: revision '{base}' is not in the Git history ({detail}); use fetch-depth: 0 in GitHub Actions",
        ),
        "PA606": (
            "ประวัติการแก้ไขไม่ครบ: คลังข้อมูลนี้ถูกโคลนแบบตื้น (shallow clone) จึงเห็นเฉพาะ {count} commit ล่าสุด ให้ใช้ git fetch --unshallow หรือ fetch-depth: 0",
            "history is incomplete: this is a shallow clone with only the last {count} commits; run git fetch --unshallow or use fetch-depth: 0",
        ),
        "PA607": (
            "ไฟล์ {file} ไม่ตรงกับข้อมูลปัจจุบัน ให้รัน patracker codeowners แล้ว commit ไฟล์ที่ได้",
            "{file} is stale; run patracker codeowners and commit the result",
        ),
        "PA608": (
            "ไม่พบประวัติ Git: {detail} (หน้าประวัติการแก้ไขจะว่าง)",
            "no Git history: {detail} (history pages will be empty)",
        ),
    }
)


# --- PA609–PA649: who may change what (issue 17, access.py, checkpr.py, codeowners.py) ----
CATALOGUE.update(
    {
        "PA609": (
            "อ่านนโยบายสิทธิ์ {file} ของรุ่นฐานไม่ได้: {detail}",
            "cannot read the access policy {file} at the base revision: {detail}",
        ),
        "PA610": (
            "{login} ไม่มีสิทธิ์{action_th}{kind_th}นี้ ผู้มีสิทธิ์ตามนโยบาย: {roles_th} — คือ {people}",
            "{login} may not {action_en} this {kind_en}; the policy grants it to: {roles_en} — that is {people}",
        ),
        "PA611": (
            "{login} เป็น{role_th} แต่{limit} ผู้มีสิทธิ์ตามนโยบาย: {roles_th} — คือ {people}",
            "{login} is {role_en} but {limit}; the policy grants it to: {roles_en} — that is {people}",
        ),
        "PA612": (
            "ผลการประเมิน ว26 นี้ยืนยันแล้ว (final: true) ห้าม{action_th} ไม่มีผู้ใดแก้ไขได้ หากผลผิดให้กลุ่มบริหารงานบุคคลบันทึกเรื่องเป็นหนังสือ",
            "this ว26 evaluation is final and must not be {action_en} by anyone; a wrong result is taken up in writing with HR",
        ),
        "PA613": (
            "ไฟล์แก้ไขผลต้องแก้ผลของกรรมการคนเดียวกัน: amends ต้องเป็น {expected} (พบ {found}) และผู้เสนอต้องเป็นกรรมการ {member}",
            "an amendment corrects the same member's evaluation: amends must be {expected} (found {found}) and be proposed by {member}",
        ),
        "PA614": (
            "เหตุผลการแก้ไขผลสั้นเกินไป ต้องเป็นประโยคอย่างน้อย {chars} ตัวอักษรและ {words} คำ (พบ {found_chars} ตัวอักษร {found_words} คำ)",
            "the amendment's reason is too short: write a sentence of at least {chars} characters and {words} words (found {found_chars} characters, {found_words} words)",
        ),
        "PA615": (
            "ข้อตกลงที่เห็นชอบแล้วห้าม{action_th} เพราะมีผลการประเมินที่ยืนยันแล้วของปี {fy} ({evaluation}) ไม่มีผู้ใดแก้ไขได้",
            "an approved agreement must not be {action_en} once its year's evaluations are final ({evaluation}, fiscal year {fy}); nobody may",
        ),
        "PA616": (
            "ปีงบประมาณ {fy} ปิดแล้ว (office.yaml closed: true) ห้าม{action_th}ความก้าวหน้าของปีนี้ ไม่มีผู้ใดแก้ไขได้",
            "fiscal year {fy} is closed (office.yaml closed: true): its progress must not be {action_en} by anyone",
        ),
        "PA617": (
            "บันทึกความก้าวหน้าย้อนหลังไม่ได้: รายการวันที่ {date} อยู่ในปีงบประมาณ {fy} ซึ่งปิดแล้ว",
            "progress cannot be backdated: the entry dated {date} falls in fiscal year {fy}, which is closed",
        ),
        "PA618": (
            "คำขอนี้มีผลตัดสินแล้ว (สถานะ {status}) ห้ามแก้ไข ไม่มีผู้ใดแก้ไขได้",
            "this application is decided (status {status}) and must not be changed by anyone",
        ),
        "PA619": (
            "ไม่รู้จักผู้ใช้ GitHub '{login}': ไม่มีไฟล์บุคคลใดในรุ่นฐานที่มี github: {login} และไม่อยู่ใน maintainers ของ office.yaml — ให้กลุ่มบริหารงานบุคคลเพิ่มบรรทัด github: {login} ในไฟล์ records/people/<รหัสบุคคล>/person.yaml ของท่าน แล้วรวมเข้าสาขาหลักก่อน",
            "unknown GitHub login '{login}': no person file at the base revision has github: {login} and office.yaml's maintainers do not list it — ask HR to add the line github: {login} to your records/people/<person-id>/person.yaml and merge that first",
        ),
        "PA621": (
            "ชื่อผู้ใช้ GitHub '{login}' ซ้ำกับของ {other} ชื่อผู้ใช้หนึ่งต้องเป็นของบุคคลเดียว (ใช้ตรวจสิทธิ์การแก้ไข)",
            "GitHub login '{login}' is also {other}'s; a login belongs to one person (it decides who may change what)",
        ),
        "PA622": (
            "ข้อเสนอแนะของกรรมการห้าม{action_th} เพราะมีผลการประเมินที่ยืนยันแล้วของปี {fy} ({evaluation}) ไม่มีผู้ใดแก้ไขได้",
            "a committee review must not be {action_en} once its year's evaluations are final ({evaluation}, fiscal year {fy}); nobody may",
        ),
        "PA620": (
            "ไม่มีผู้อนุมัติที่มีชื่อผู้ใช้ GitHub สำหรับ {path} (ผู้มีสิทธิ์อนุมัติที่ไม่มีชื่อผู้ใช้: {missing}) ให้เพิ่ม github ในไฟล์บุคคลของผู้อนุมัติ",
            "no eligible approver with a GitHub login for {path} (eligible but without a login: {missing}); add github to an approver's person file",
        ),
    }
)


# --- PA650-PA669: the review workflow and the merge audit (issue 17) --------------------
CATALOGUE.update(
    {
        "PA650": (
            "ข้อมูลในคำขอแก้ไขมีลิงก์สัญลักษณ์ (symlink) ซึ่งไม่อนุญาต: {path} ให้ใส่ไฟล์จริงแทน",
            "the pull request's records hold a symbolic link, which is not allowed: {path}; commit the file itself",
        ),
        "PA651": (
            "คำขอ #{pr} ถูกรวมโดยไม่มีผู้มีสิทธิ์อนุมัติไฟล์ {path} (ผู้มีสิทธิ์: {eligible}) ให้ผู้มีสิทธิ์ตรวจย้อนหลัง",
            "pull request #{pr} was merged without an eligible approval of {path} (eligible: {eligible}); have one of them review it",
        ),
    }
)


# --- PA7xx: roster import and export (issue 10) ------------------------------------------
CATALOGUE.update(
    {
        "PA701": (
            "ไม่พบหัวคอลัมน์ที่จำเป็น: {columns} (หัวคอลัมน์ที่ไม่รู้จักในแถวนี้: {unknown}"
            " ถ้าเป็นคอลัมน์ที่ต้องการ ให้เพิ่มหัวคอลัมน์นั้นในไฟล์ mapping)",
            "required column(s) not found: {columns} (headers not known in this row: {unknown};"
            " if one of them is it, add that header to the mapping file)",
        ),
        "PA702": (
            "ไม่พบแผ่นงาน '{sheet}' ในไฟล์ (มี: {sheets})",
            "no sheet named '{sheet}' in the workbook (it has: {sheets})",
        ),
        "PA703": (
            "อ่านได้เฉพาะไฟล์ .xlsx และ .csv (ไฟล์นี้เป็น {found})",
            "only .xlsx and .csv rosters can be read (this is {found})",
        ),
        "PA704": ("อ่านไฟล์บัญชีรายชื่อไม่ได้: {detail}", "cannot read the roster: {detail}"),
        "PA705": ("ไฟล์ mapping ไม่ถูกต้อง: {detail_th}", "invalid mapping file: {detail_en}"),
        "PA706": (
            "คอลัมน์ '{header}' เป็นเลขประจำตัวประชาชน ระบบไม่อ่านและไม่เก็บข้อมูลนี้ (PDPA)",
            "column '{header}' holds national ID numbers; it is ignored and never stored (PDPA)",
        ),
        "PA711": ("{title}: ไม่มีข้อมูลในแถวนี้", "{field}: missing in this row"),
        "PA712": (
            "{title}: ไม่รู้จักค่า '{found}' (ใช้ได้: {allowed})",
            "{field}: unknown value '{found}' (use one of: {allowed})",
        ),
        "PA713": (
            "{title}: อ่านวันที่ '{found}' ไม่ได้ ให้ใช้ วว/ดด/ปปปป เช่น 16/05/2568 หรือ 2025-05-16",
            "{field}: cannot read the date '{found}'; write DD/MM/YYYY or YYYY-MM-DD",
        ),
        "PA714": (
            "{title}: ปี {year} เป็น พ.ศ. ระบบแปลงเป็น ค.ศ. {converted} ให้แล้ว โปรดตรวจสอบ",
            "{field}: year {year} is Buddhist Era; converted to {converted} (please check)",
        ),
        "PA715": (
            "{title}: '{found}' เป็นเลขวันที่ของ Excel ระบบแปลงเป็น {converted} ให้แล้ว โปรดตรวจสอบ",
            "{field}: '{found}' is an Excel date serial number; converted to {converted} (please check)",
        ),
        "PA716": (
            "{title}: วันที่ {found} ไม่น่าเป็นไปได้ (ต้องอยู่ระหว่าง {start} ถึง {end})",
            "{field}: {found} is not a plausible date (must be between {start} and {end})",
        ),
        "PA717": (
            "{title}: ปี 2 หลักใน '{found}' ไม่ชัดเจนว่าเป็น พ.ศ. หรือ ค.ศ. ให้เขียนปี 4 หลัก",
            "{field}: the two-digit year in '{found}' is ambiguous (BE or CE?); write four digits",
        ),
        "PA718": (
            "บุคคลซ้ำกับแถว {first} ({name} {school}) แถวนี้จึงไม่ถูกนำเข้า",
            "duplicate of row {first} ({name}, {school}); this row is not imported",
        ),
        "PA719": (
            "แถวนี้มีเซลล์ที่ผสานกัน ({cells}) ให้ยกเลิกการผสานเซลล์และกรอกข้อมูลให้ครบทุกแถว",
            "this row has merged cells ({cells}); unmerge them and fill every row",
        ),
        "PA720": (
            "แยกชื่อและนามสกุลจาก '{found}' ไม่ได้ ให้เว้นวรรคหนึ่งครั้งระหว่างชื่อกับนามสกุล",
            "cannot split '{found}' into first and last name; put one space between them",
        ),
        "PA721": (
            "ไม่พบคำนำหน้าชื่อของ '{found}' ให้เพิ่มคอลัมน์คำนำหน้าหรือเขียนไว้หน้าชื่อ (เช่น นาย นาง นางสาว)",
            "no title for '{found}'; add a title column or write it before the name (e.g. นาย, นาง, นางสาว)",
        ),
        "PA722": (
            "ยังไม่มีโรงเรียน '{school}' ในระบบ ต้องมีคอลัมน์อำเภอเพื่อสร้างโรงเรียนใหม่",
            "school '{school}' is not in the records yet; a district column is needed to create it",
        ),
        "PA723": (
            "อำเภอ '{found}' ของโรงเรียน '{school}' ไม่ตรงกับแถว {first} ('{expected}')",
            "district '{found}' of school '{school}' differs from row {first} ('{expected}')",
        ),
        "PA724": (
            "'{name}' ตรงกับบุคคลในระบบมากกว่าหนึ่งคน ({ids}) ให้แก้ไขด้วยมือ",
            "'{name}' matches more than one person in the records ({ids}); edit by hand",
        ),
        "PA725": (
            "พบแถวที่มีปัญหา {count} แถว จึงไม่ได้บันทึกข้อมูลใด ๆ (แก้ไขแล้วนำเข้าใหม่ หรือใช้ --skip-bad-rows)",
            "{count} bad row(s); nothing was written (fix them, or pass --skip-bad-rows)",
        ),
        "PA726": (
            "ผลการนำเข้าไม่ผ่านการตรวจสอบข้อมูล จึงไม่ได้บันทึกข้อมูลใด ๆ",
            "the imported records would not validate; nothing was written",
        ),
        "PA727": (
            "ข้ามแถวนี้: เป็นแถวสรุปยอด ไม่ใช่ข้อมูลบุคคล ('{text}')",
            "row skipped: a total line, not a person ('{text}')",
        ),
        "PA728": (
            "ข้ามแถวนี้: เป็นส่วนลงชื่อผู้รายงาน ไม่ใช่ข้อมูลบุคคล ('{text}')",
            "row skipped: part of the signature block, not a person ('{text}')",
        ),
        "PA729": (
            "ข้ามแถวนี้: ไม่มีข้อมูลในคอลัมน์ที่นำเข้า ('{text}')",
            "row skipped: nothing in the columns that are imported ('{text}')",
        ),
        "PA730": (
            "คอลัมน์ {letter} '{header}' ไม่ถูกนำเข้า: ไม่รู้จักหัวคอลัมน์นี้"
            " (ถ้าต้องการนำเข้า ให้เพิ่มหัวคอลัมน์ในไฟล์ mapping)",
            "column {letter} '{header}' is not imported: unknown header"
            " (add it to the mapping file to read it)",
        ),
        "PA731": (
            "ตำแหน่ง '{found}' ระบุวิทยฐานะ{implied} แต่คอลัมน์วิทยฐานะเป็น{given}",
            "position '{found}' implies standing {implied} but the standing column says {given}",
        ),
        "PA732": (
            "อำเภอของ{school}ในบัญชีรายชื่อ ('{found}') ต่างจากที่บันทึกไว้ ('{recorded}')"
            " ระบบไม่แก้ไขข้อมูลโรงเรียนจากบัญชีรายชื่อ ถ้าต้องการแก้ ให้แก้ไฟล์ {path}",
            "the roster gives {school} the district '{found}' but the records say '{recorded}';"
            " schools are never changed from a roster: edit {path} to change it",
        ),
        "PA733": (
            "'{found}' เป็นชื่อสำนักงานเขตพื้นที่ แต่ไม่ใช่ {office} (สำนักงานนี้) ให้ตรวจสอบ",
            "'{found}' names an education office, but not {office} (this office); check the row",
        ),
    }
)


# --- PA8xx: records that point at themselves (issue 9: hostile input) -------------------
CATALOGUE.update(
    {
        "PA801": (
            "ไฟล์แก้ไขผลการประเมินอ้างถึงตัวเอง (amends: {ref}) ต้องระบุไฟล์ผลการประเมินเดิม",
            "an amendment amends itself ({ref}); name the original evaluation file",
        ),
        "PA802": (
            "ผู้รับการประเมิน '{ref}' พิจารณาข้อตกลงของตนเองไม่ได้ ผู้พิจารณาต้องเป็นผู้บังคับบัญชา",
            "'{ref}' cannot approve their own agreement; the approver is their superior",
        ),
    }
)


# --- PA9xx: output folders and where the records are (issue 23: never delete a non-site) --
CATALOGUE.update(
    {
        "PA901": (
            "ไม่เขียนลงโฟลเดอร์ {out} เพราะเป็นหรือครอบหรืออยู่ใน {kept} (คลัง ข้อมูล records หรือ schemas) "
            "ให้ระบุ --out เป็นโฟลเดอร์ใหม่ เช่น site",
            "will not write to {out}: it is, holds or lies in {kept} (the repository, records or "
            "schemas); give --out a new folder such as site",
        ),
        "PA902": (
            "{out} เป็นไฟล์ ไม่ใช่โฟลเดอร์ ไม่เขียนทับ ให้ระบุ --out เป็นโฟลเดอร์",
            "{out} is a file, not a folder; nothing was written; give --out a folder",
        ),
        "PA903": (
            "โฟลเดอร์ {out} มีไฟล์อื่นอยู่และไม่ใช่เว็บไซต์ที่ PA Tracker สร้าง (ไม่มีไฟล์ {marker}) "
            "จึงไม่ลบทิ้ง ให้ระบุ --out เป็นโฟลเดอร์ใหม่หรือโฟลเดอร์ว่าง",
            "{out} is not empty and is not a site PA Tracker built (no {marker} in it), so it is "
            "not replaced; give --out a new or empty folder",
        ),
        "PA904": (
            "มี {old} อยู่แล้วและไม่ใช่เว็บไซต์ที่ PA Tracker สร้าง การสร้าง {out} ต้องใช้ชื่อนี้ "
            "ให้ย้ายหรือเปลี่ยนชื่อ {old} ก่อน",
            "{old} exists and is not a site PA Tracker built; building {out} needs that name; "
            "move or rename {old} first",
        ),
        "PA905": (
            "มีการสร้างเว็บไซต์ลงใน {out} อยู่แล้ว (ล็อก {lock}) รอให้เสร็จแล้วลองใหม่ เว็บไซต์เดิมไม่เปลี่ยนแปลง",
            "another build is writing to {out} (lock {lock}); wait for it and try again; the "
            "site there is unchanged",
        ),
        "PA906": (
            "พื้นที่ดิสก์เต็มขณะเขียน {path} ไม่ได้เปลี่ยนเว็บไซต์เดิม ให้เพิ่มพื้นที่ว่างแล้วลองใหม่",
            "the disk is full (writing {path}); the previous output is unchanged; free some "
            "space and try again",
        ),
        "PA907": (
            "ไม่มีสิทธิ์เขียน {path} (อ่านได้อย่างเดียว) ไม่ได้เปลี่ยนเว็บไซต์เดิม ให้ระบุ --out ที่เขียนได้",
            "no permission to write {path} (read-only); the previous output is unchanged; give "
            "--out a folder you can write to",
        ),
        "PA908": (
            "เขียน {path} ไม่ได้ ({error}) ไม่ได้เปลี่ยนเว็บไซต์เดิม",
            "cannot write {path} ({error}); the previous output is unchanged",
        ),
        "PA909": (
            "ไม่พบโฟลเดอร์ข้อมูล records ที่ {path} ({absolute}) ให้ระบุด้วย --records โฟลเดอร์ "
            "หรือเรียกคำสั่งจากโฟลเดอร์ที่มี records/{hint_th}",
            "no records folder at {path} ({absolute}); point at it with --records DIR, or run "
            "the command in the folder that holds records/{hint_en}",
        ),
        "PA910": (
            "{out} มีไฟล์อยู่แล้ว ใช้ --force เพื่อเขียนทับ (เฉพาะข้อมูลสาธิตที่ patracker demo เขียนไว้)",
            "{out} is not empty; pass --force to replace it (only demo data patracker demo wrote)",
        ),
        "PA911": (
            "{out} ไม่ใช่ข้อมูลสาธิตที่ patracker demo เขียนไว้ (ไม่มีไฟล์ {marker}) "
            "จึงไม่ลบทิ้งแม้ใช้ --force ให้ระบุ --out เป็นโฟลเดอร์ใหม่",
            "{out} is not demo data patracker demo wrote (no {marker} in it), so it is not "
            "replaced even with --force; give --out a new folder",
        ),
        "PA912": (
            "{path} มีอยู่แล้วและไม่ได้สร้างโดยคำสั่งนี้ จึงไม่เขียนทับ ให้ระบุ --out เป็นโฟลเดอร์อื่น",
            "{path} exists and was not written by this command, so it is not overwritten; give "
            "--out another folder",
        ),
        "PA913": (
            "{out} เป็นโฟลเดอร์ ให้ระบุ --out เป็นชื่อไฟล์",
            "{out} is a folder; give --out a file name",
        ),
    }
)


# --- PA94x: audiences, personal links, access rules (issue 24) -----------------------------
CATALOGUE.update(
    {
        "PA940": (
            "ต้องกำหนดตัวแปรสภาพแวดล้อม {env} เป็นข้อความลับยาวอย่างน้อย {min} ตัวอักษร "
            "(เช่น จาก openssl rand -hex 32) เพื่อสร้างที่อยู่หน้าส่วนตัว",
            "set {env} to a secret of at least {min} characters (e.g. openssl rand -hex 32) "
            "to make personal page addresses",
        ),
        "PA941": (
            "ไม่รู้จักกลุ่มผู้อ่าน '{name}' (รองรับ: {known})",
            "unknown audience '{name}' (known: {known})",
        ),
        "PA942": (
            "ไฟล์กลุ่มผู้อ่าน {path} ไม่ถูกต้อง:\n{detail}",
            "invalid audiences file {path}:\n{detail}",
        ),
        "PA943": (
            "schemas/audiences/audiences.yaml: ไม่รู้จักหน้า {names} (รองรับ: {known})",
            "schemas/audiences/audiences.yaml: unknown page builder(s) {names} (known: {known})",
        ),
        "PA944": (
            "ไม่พบโรงเรียน '{school}' ใน records/schools",
            "no such school '{school}' in records/schools",
        ),
        "PA945": (
            "{path} มีอยู่แล้วและไม่ได้สร้างโดย patracker access-rules จึงไม่เขียนทับ",
            "{path} exists and was not written by patracker access-rules; not replaced",
        ),
        "PA946": (
            "{person}: ชื่อผู้ใช้ GitHub ไม่ถูกรูปแบบ จึงไม่ใส่ในกฎการเข้าถึง",
            "{person}: the GitHub login is malformed, so it is left out of the access rules",
        ),
        "PA947": (
            "ยังไม่รองรับรูปแบบ '{fmt}' (รองรับ: nginx)",
            "unsupported format '{fmt}' (supported: nginx)",
        ),
    }
)


def coded(code: str, **fields: object) -> str:
    """``CODE: Thai — English`` for a message a command prints whole."""
    th, en = render(code, **fields)
    return f"{code}: {th} — {en}"
