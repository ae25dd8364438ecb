#!/usr/bin/env python3
"""Writes the four hand-made demo patients of fhir-resources/demo/ (demo-*.json). Run: python3 scripts/demo-patients.py fhir-resources/demo"""
import json, sys
ANCHOR = "2026-01-10T09:00:00+09:00"
LOINC = "http://loinc.org"
def vital(pid, oid, code, display, value, unit, date):
    return {"resourceType": "Observation", "id": oid, "status": "final",
        "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "vital-signs"}]}],
        "code": {"coding": [{"system": LOINC, "code": code, "display": display}]},
        "subject": {"reference": f"Patient/{pid}"}, "effectiveDateTime": date,
        "valueQuantity": {"value": value, "unit": unit, "system": "http://unitsofmeasure.org", "code": unit}}
def all_condition(pid, cid, onset):
    return {"resourceType": "Condition", "id": cid,
        "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "relapse"}]},
        "verificationStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": "confirmed"}]},
        "code": {"coding": [{"system": "http://snomed.info/sct", "code": "91857003", "display": "Acute lymphoid leukemia"},
                             {"system": "http://hl7.org/fhir/sid/icd-10", "code": "C91.0", "display": "Acute lymphoblastic leukaemia"}],
                 "text": "Relapsed B-cell ALL, CD22-positive"},
        "subject": {"reference": f"Patient/{pid}"}, "onsetDateTime": onset}
def cd22(pid, oid, date):
    return {"resourceType": "Observation", "id": oid, "status": "final",
        "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "laboratory"}]}],
        "code": {"coding": [{"system": "http://inocds.org/fhir/CodeSystem/local-example", "code": "cd22-flow", "display": "CD22, flow cytometry"}],
                 "text": "CD22 (flow cytometry), bone marrow blasts"},
        "subject": {"reference": f"Patient/{pid}"}, "effectiveDateTime": date,
        "valueCodeableConcept": {"coding": [{"system": "http://snomed.info/sct", "code": "10828004", "display": "Positive"}], "text": "positive (92 % of blasts)"}}
def lab(pid, oid, system, code, value, unit, date, high=None):
    o = {"resourceType": "Observation", "id": oid, "status": "final",
        "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "laboratory"}]}],
        "code": {"coding": [{"system": system, "code": code}]}, "subject": {"reference": f"Patient/{pid}"},
        "effectiveDateTime": date, "valueQuantity": {"value": value, "unit": unit, "system": "http://unitsofmeasure.org", "code": unit}}
    if high is not None:
        o["referenceRange"] = [{"high": {"value": high, "unit": unit, "system": "http://unitsofmeasure.org", "code": unit}}]
    return o
def draw(pid, date, jp=False, suffix="", bili=0.6, ast=21, alt=17, anc=2.5, plt=182, wbc=4.8):
    """One blood draw at 08:00 Japan time (liver tests and counts, as the label asks before each dose): JLAC10 with
    platelets in 10*4/uL, bilirubin in µmol/L and ANC as a % of the WBC for a Japanese patient, LOINC otherwise."""
    t = date + "T08:00:00+09:00"
    if jp:
        J = "http://medis.or.jp/CodeSystem/master-JLAC10-17digits"
        return [lab(pid, pid + "-tbil" + suffix, J, "3J010000002327101", round(bili * 17.1, 2), "umol/L", t, 20.52),
                lab(pid, pid + "-ast" + suffix, J, "3B035000002327201", ast, "U/L", t, 30),
                lab(pid, pid + "-alt" + suffix, J, "3B045000002327201", alt, "U/L", t, 30),
                lab(pid, pid + "-plt" + suffix, J, "2A05000000019-01", round(plt / 10, 1), "10*4/uL", t),
                lab(pid, pid + "-wbc" + suffix, "http://loinc.org", "6690-2", wbc, "10*3/uL", t),
                lab(pid, pid + "-neut" + suffix, "http://loinc.org", "770-8", round(anc / wbc * 100), "%", t)]
    L = "http://loinc.org"
    return [lab(pid, pid + "-tbil" + suffix, L, "1975-2", bili, "mg/dL", t, 1.2), lab(pid, pid + "-ast" + suffix, L, "1920-8", ast, "U/L", t, 30),
            lab(pid, pid + "-alt" + suffix, L, "1742-6", alt, "U/L", t, 30), lab(pid, pid + "-anc" + suffix, L, "751-8", anc, "10*3/uL", t),
            lab(pid, pid + "-plt" + suffix, L, "777-3", plt, "10*3/uL", t)]
def labs(pid, date, jp=False, history=()):
    """The current draw (the day before the demo's order), the draws before it (history: (date, values) each, so that the
    timeline has a trend and the first dose its screening results), an ECG and a lipase."""
    out = []
    for n, (when, values) in enumerate(history):
        out += draw(pid, when, jp, f"-{n + 1}", **values)
    out += draw(pid, date, jp, anc=2.5 if jp else 2.6)
    out.append(lab(pid, pid + "-qtc", "http://loinc.org", "8636-3", 418, "ms", "2026-01-07"))
    out.append(lab(pid, pid + "-lipase", "http://loinc.org", "3040-3", 28, "U/L", "2026-01-07", 60))
    return out
SCREENING = (("2026-01-02", dict(bili=0.5, ast=19, alt=15, anc=2.8, plt=176, wbc=5.2)),)   # a week before the first dose
def premed(pid):
    R = "http://www.nlm.nih.gov/research/umls/rxnorm"
    return [{"resourceType": "MedicationRequest", "id": f"{pid}-premed-{code}", "status": "active", "intent": "order",
             "medicationCodeableConcept": {"coding": [{"system": R, "code": code, "display": name}], "text": name},
             "subject": {"reference": f"Patient/{pid}"}, "authoredOn": "2026-01-08"}
            for code, name in (("161", "acetaminophen"), ("3498", "diphenhydramine"), ("5492", "hydrocortisone"))]
EN_REP = "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation"
def patient(pid, family, given, gender, birth, lang, text=None, kana=None):
    """kana: (family, given) in katakana, the reading of a kanji name (JP Core: the kanji name IDE, the kana SYL)."""
    p = {"resourceType": "Patient", "id": pid, "gender": gender, "birthDate": birth,
         "name": [{"family": family, "given": [given]}],
         "communication": [{"language": {"coding": [{"system": "urn:ietf:bcp:47", "code": lang}]}}]}
    if text: p["name"][0]["text"] = text
    if kana:
        p["name"][0]["extension"] = [{"url": EN_REP, "valueCode": "IDE"}]
        p["name"].append({"extension": [{"url": EN_REP, "valueCode": "SYL"}], "text": f"{kana[0]} {kana[1]}",
                          "family": kana[0], "given": [kana[1]]})
    return p
def admin(pid, aid, date, mg):
    return {"resourceType": "MedicationAdministration", "id": aid, "status": "completed",
        "medicationCodeableConcept": {"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "1942950", "display": "inotuzumab ozogamicin"}]},
        "subject": {"reference": f"Patient/{pid}"}, "effectiveDateTime": date,
        "dosage": {"route": {"coding": [{"system": "http://snomed.info/sct", "code": "47625008", "display": "Intravenous route"}]},
                   "dose": {"value": mg, "unit": "mg", "system": "http://unitsofmeasure.org", "code": "mg"}}}
def bundle(bid, title, resources):
    return {"resourceType": "Bundle", "id": bid, "type": "collection", "timestamp": ANCHOR,
            "meta": {"tag": [{"system": "http://inocds.org/fhir/CodeSystem/demo", "code": "demo", "display": title}]},
            "entry": [{"fullUrl": f"urn:inocds:{r['resourceType']}/{r['id']}", "resource": r} for r in resources]}

out = sys.argv[1]
demos = {
 "demo-jp-c1d1": ("Cycle 1 day 1, Japanese patient (JP names, first dose)", [
    patient("demo-jp-c1d1", "山田", "花子", "female", "1972-04-03", "ja", "山田 花子", ("ヤマダ", "ハナコ")),
    vital("demo-jp-c1d1", "demo-jp-c1d1-height", "8302-2", "Body height", 158, "cm", "2026-01-08"),
    vital("demo-jp-c1d1", "demo-jp-c1d1-weight", "29463-7", "Body weight", 52.4, "kg", "2026-01-09"),
    all_condition("demo-jp-c1d1", "demo-jp-c1d1-all", "2024-03-02"),
    cd22("demo-jp-c1d1", "demo-jp-c1d1-cd22", "2026-01-05")] + labs("demo-jp-c1d1", "2026-01-09", jp=True, history=SCREENING) + premed("demo-jp-c1d1")),
 "demo-us-c1d1": ("Cycle 1 day 1, US patient (LOINC, RxNorm)", [
    patient("demo-us-c1d1", "Miller", "John", "male", "1980-06-15", "en"),
    vital("demo-us-c1d1", "demo-us-c1d1-height", "8302-2", "Body height", 178, "cm", "2025-12-20"),
    vital("demo-us-c1d1", "demo-us-c1d1-weight", "29463-7", "Body weight", 81, "kg", "2026-01-09"),
    all_condition("demo-us-c1d1", "demo-us-c1d1-all", "2023-11-12"),
    cd22("demo-us-c1d1", "demo-us-c1d1-cd22", "2026-01-02")] + labs("demo-us-c1d1", "2026-01-09", history=SCREENING) + premed("demo-us-c1d1")),
 "demo-stale-weight": ("Cycle 1 day 1, newest weight 51 days old (DOSE-1)", [
    patient("demo-stale-weight", "Clark", "Emma", "female", "1990-09-21", "en"),
    vital("demo-stale-weight", "demo-stale-weight-height", "8302-2", "Body height", 165, "cm", "2025-11-01"),
    vital("demo-stale-weight", "demo-stale-weight-weight", "29463-7", "Body weight", 60, "kg", "2025-11-20"),
    all_condition("demo-stale-weight", "demo-stale-weight-all", "2024-08-30"),
    cd22("demo-stale-weight", "demo-stale-weight-cd22", "2026-01-03")] + labs("demo-stale-weight", "2026-01-09", history=SCREENING) + premed("demo-stale-weight")),
 "demo-jp-c2": ("Cycle 1 completed (days 1, 8, 15), cycle 2 due", [
    patient("demo-jp-c2", "田中", "健二", "male", "1965-02-11", "ja", "田中 健二", ("タナカ", "ケンジ")),
    vital("demo-jp-c2", "demo-jp-c2-height", "8302-2", "Body height", 170, "cm", "2025-12-10"),
    vital("demo-jp-c2", "demo-jp-c2-weight", "29463-7", "Body weight", 64, "kg", "2026-01-08"),
    all_condition("demo-jp-c2", "demo-jp-c2-all", "2022-05-19"),
    cd22("demo-jp-c2", "demo-jp-c2-cd22", "2025-12-08"),
    vital("demo-jp-c2", "demo-jp-c2-weight-c1", "29463-7", "Body weight", 64.3, "kg", "2025-12-18"),
    # cycle 1 on days 1, 8 and 15 from 2025-12-20: cycle 2 day 1 falls due on C1D1 + 21 = 2026-01-10, the demo's today
    admin("demo-jp-c2", "demo-jp-c2-c1d1", "2025-12-20T10:00:00+09:00", 1.39),
    admin("demo-jp-c2", "demo-jp-c2-c1d8", "2025-12-27T10:00:00+09:00", 0.87),
    admin("demo-jp-c2", "demo-jp-c2-c1d15", "2026-01-03T10:00:00+09:00", 0.87)] + labs("demo-jp-c2", "2026-01-09", jp=True, history=(
        ("2025-12-18", dict(bili=0.6, ast=22, alt=18, anc=2.9, plt=191, wbc=5.4)),    # baseline, 2 days before C1D1
        ("2025-12-26", dict(bili=0.7, ast=27, alt=24, anc=1.9, plt=148, wbc=3.9)),    # before day 8
        ("2026-01-02", dict(bili=0.6, ast=25, alt=21, anc=1.6, plt=126, wbc=3.4)))) + premed("demo-jp-c2")),
}
# The call the demo page presets for each (hook, ordered mg: the label's 0.8 mg/m² × the patient's BSA, or any dose
# where the BSA cannot be had) and the cards it should show.
DEMO = "http://inocds.org/fhir/CodeSystem/demo"
calls = {
 "demo-jp-c1d1": ("order-sign", "1.21", "START-1 (info)"),      # 158 cm, 52.4 kg → 1.52 m² → 1.21 mg
 "demo-us-c1d1": ("order-sign", "1.60", "START-1 (info)"),      # 178 cm, 81 kg → 2.00 m² → 1.60 mg
 "demo-stale-weight": ("order-sign", "1.30", "DOSE-1 (warning), START-1 (info)"),
 "demo-jp-c2": ("order-sign", "1.39", "none"),                   # 170 cm, 64 kg → 1.74 m² → 1.39 mg, C2D1 on time (C1D1 + 21)
}
# Each story in Japanese, for the demo page in Japanese: the FHIR translation extension on the story tag's display
TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
DEMO_STORIES_JA = {
 "demo-jp-c1d1": "第1サイクル第1日、日本の患者（漢字・カナ氏名、初回投与）",
 "demo-us-c1d1": "第1サイクル第1日、米国の患者（LOINC・RxNorm コード）",
 "demo-stale-weight": "第1サイクル第1日、最新の体重が51日前（DOSE-1）",
 "demo-jp-c2": "第1サイクル完了（第1・8・15日に投与）、第2サイクル開始日",
}
for name, (title, res) in demos.items():
    b = bundle(name, title, res)
    b["meta"]["tag"][0]["_display"] = {"extension": [{"url": TRANSLATION, "extension": [
        {"url": "lang", "valueCode": "ja"}, {"url": "content", "valueString": DEMO_STORIES_JA[name]}]}]}
    hook, mg, cards = calls[name]
    b["meta"]["tag"] += [{"system": DEMO + "-call", "code": hook}, {"system": DEMO + "-order-mg", "code": mg},
                         {"system": DEMO + "-expect", "code": "cards", "display": cards}]
    with open(f"{out}/{name}.json", "w", encoding="utf-8") as f:
        json.dump(b, f, ensure_ascii=False, indent=2)
        f.write("\n")
