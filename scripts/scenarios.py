#!/usr/bin/env python3
"""Writes the scenario patients of fhir-resources/scenarios/ (one FHIR Bundle and one expectation file each).

The Bundles are the source of truth for tests; this script is how they were written, kept so that a
scenario can be changed in one place. Run from the project root: python3 scripts/scenarios.py
Every Bundle's timestamp is 2026-01-10, the tests' today. Body: 178 cm / 81 kg → 2.00 m² (Mosteller)
unless a scenario says otherwise, so C1D1 = 1.60 mg, day 8/15 = 1.00 mg, level 1 day 1 = 1.20 mg.
"""
import json, os, datetime

OUT = "fhir-resources/scenarios"
DEMO = "http://inocds.org/fhir/CodeSystem/demo"
TODAY = "2026-01-10"
LOINC = "http://loinc.org"; UCUM = "http://unitsofmeasure.org"; SCT = "http://snomed.info/sct"
RX = "http://www.nlm.nih.gov/research/umls/rxnorm"; JLAC = "http://medis.or.jp/CodeSystem/master-JLAC10-17digits"

def d(iso, plus=0):
    return (datetime.date.fromisoformat(iso) + datetime.timedelta(days=plus)).isoformat()

class Patient:
    def __init__(self, pid, birth="1975-05-05", gender="female"):
        self.pid, self.res, self.n = pid, [], 0
        self.add({"resourceType": "Patient", "id": pid, "gender": gender, "birthDate": birth,
                  "name": [{"family": "Scenario", "given": [pid]}]})
    def id(self, kind):
        self.n += 1
        return f"{self.pid}-{kind}-{self.n}"
    def add(self, r):
        self.res.append(r); return self
    def subject(self):
        return {"reference": f"Patient/{self.pid}"}
    def obs(self, code, value, unit, date, system=LOINC, category="laboratory", ref_high=None, display=None):
        o = {"resourceType": "Observation", "id": self.id("obs"), "status": "final",
             "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": category}]}],
             "code": {"coding": [{"system": system, "code": code}]}, "subject": self.subject(), "effectiveDateTime": date,
             "valueQuantity": {"value": value, "unit": unit, "system": UCUM, "code": unit}}
        if display: o["code"]["coding"][0]["display"] = display
        if ref_high is not None:
            o["referenceRange"] = [{"high": {"value": ref_high, "unit": unit, "system": UCUM, "code": unit}}]
        return self.add(o)
    def body(self, height=178, weight=81, hdate=d(TODAY, -20), wdate=d(TODAY, -1)):
        self.obs("8302-2", height, "cm", hdate, category="vital-signs")
        return self.obs("29463-7", weight, "kg", wdate, category="vital-signs")
    def all(self, status="relapse", code="C91.00", recorded=None):
        c = {"resourceType": "Condition", "id": self.id("cond"),
             "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": status}]},
             "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10", "code": code}], "text": "B-cell ALL"},
             "subject": self.subject(), "onsetDateTime": "2024-02-01"}
        if recorded: c["recordedDate"] = recorded
        return self.add(c)
    def cd22(self, positive=True, date=d(TODAY, -7)):
        return self.add({"resourceType": "Observation", "id": self.id("cd22"), "status": "final",
            "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "laboratory"}]}],
            "code": {"text": "CD22 (flow cytometry)"}, "subject": self.subject(), "effectiveDateTime": date,
            "valueCodeableConcept": {"coding": [{"system": SCT, "code": "10828004" if positive else "260385009",
                                                 "display": "Positive" if positive else "Negative"}]}})
    def labs(self, date=None, bili=0.6, ast=22, alt=18, anc=2.5, plt=180, jp=False):
        """Current results within the lab window: liver tests, counts, QTc and lipase (all normal by default)."""
        date = date or d(TODAY, -1)
        t = date + "T08:00:00+09:00"
        if jp:
            self.obs("3J010000002327101", round(bili * 17.1, 2), "umol/L", t, system=JLAC, ref_high=20.52)
            self.obs("3B035000002327201", ast, "U/L", t, system=JLAC, ref_high=30)
            self.obs("3B045000002327201", alt, "U/L", t, system=JLAC, ref_high=30)
            self.obs("2A05000000019-01", plt / 10, "10*4/uL", t, system=JLAC)
            self.obs("6690-2", 5.0, "10*3/uL", t).obs("770-8", anc / 5.0 * 100, "%", t)
        else:
            self.obs("1975-2", bili, "mg/dL", t, ref_high=1.2).obs("1920-8", ast, "U/L", t, ref_high=30)
            self.obs("1742-6", alt, "U/L", t, ref_high=30).obs("751-8", anc, "10*3/uL", t).obs("777-3", plt, "10*3/uL", t)
        self.obs("8636-3", 420, "ms", d(TODAY, -3), category="procedure")
        return self.obs("3040-3", 30, "U/L", d(TODAY, -3), ref_high=60)
    def draw(self, date, jp=False, wbc=None, bili_umol=False, anc=None, plt=None, bili=None, ast=None, alt=None):
        """One blood draw of the course at 08:00 Japan time, only the analytes given (ANC and platelets in 10*3/uL,
        bilirubin in mg/dL, AST and ALT in U/L), coded as labs() codes them; an analyte already drawn that day is kept
        as written (the scenario's own results win)."""
        t = date + "T08:00:00+09:00"
        have = {(c.get("code"), r.get("effectiveDateTime", "")[:10]) for r in self.res if r["resourceType"] == "Observation"
                for c in r["code"].get("coding", [])}
        def put(code, value, unit, system=LOINC, ref_high=None):
            if value is not None and (code, date) not in have:
                self.obs(code, value, unit, t, system=system, ref_high=ref_high)
        if jp:
            put("3J010000002327101", None if bili is None else round(bili * 17.1, 1), "umol/L", JLAC, 20.52)
            put("3B035000002327201", ast, "U/L", JLAC, 30); put("3B045000002327201", alt, "U/L", JLAC, 30)
            put("2A05000000019-01", None if plt is None else round(plt / 10, 1), "10*4/uL", JLAC)
            if anc is not None:   # a Japanese laboratory reports the neutrophils as a % of the WBC
                w = wbc or round(max(anc * 2.2, 2.0), 1)
                put("6690-2", w, "10*3/uL"); put("770-8", round(anc / w * 100, 1), "%")
        else:
            if bili_umol:
                put("14631-6", None if bili is None else round(bili * 17.1), "umol/L", ref_high=22)
            else:
                put("1975-2", bili, "mg/dL", ref_high=1.2)
            put("1920-8", ast, "U/L", ref_high=30); put("1742-6", alt, "U/L", ref_high=30)
            put("751-8", anc, "10*3/uL"); put("777-3", plt, "10*3/uL")
        return self
    def premedication(self):
        self.med("161", "acetaminophen").med("3498", "diphenhydramine")
        return self.med("5492", "hydrocortisone")
    def eligible(self):
        return self.body().all().cd22().labs().premedication()
    def dose(self, date, mg, status="completed", at="T10:00:00+09:00"):
        """A dose given on date at 10:00 Japan time; at = another time and zone, or "" with date a full dateTime."""
        return self.add({"resourceType": "MedicationAdministration", "id": self.id("dose"), "status": status,
            "medicationCodeableConcept": {"coding": [{"system": RX, "code": "1942950", "display": "inotuzumab ozogamicin"}]},
            "subject": self.subject(), "effectiveDateTime": date + at,
            "dosage": {"dose": {"value": mg, "unit": "mg", "system": UCUM, "code": "mg"}}})
    def marrow(self, percent, date):
        return self.obs("11150-2", percent, "%", date)
    def remission(self, percent, date):
        # CR/CRi by the label's three criteria: marrow blasts < 5 %, no peripheral blasts (26446-5 = 0 %), no extramedullary disease
        return self.marrow(percent, date).obs("26446-5", 0, "%", date)
    def hsct_planned(self):
        return self.add({"resourceType": "ServiceRequest", "id": self.id("sr"), "status": "active", "intent": "order",
            "code": {"coding": [{"system": SCT, "code": "234336002", "display": "Hemopoietic stem cell transplant"}]},
            "subject": self.subject(), "authoredOn": d(TODAY, -30)})
    def med(self, code, display, status="active"):
        return self.add({"resourceType": "MedicationRequest", "id": self.id("mr"), "status": status, "intent": "order",
            "medicationCodeableConcept": {"coding": [{"system": RX, "code": code, "display": display}], "text": display},
            "subject": self.subject(), "authoredOn": d(TODAY, -3)})
    def bundle(self, title):
        return {"resourceType": "Bundle", "id": self.pid, "type": "collection", "timestamp": TODAY + "T09:00:00+09:00",
                "meta": {"tag": [{"system": "http://inocds.org/fhir/CodeSystem/demo", "code": "scenario", "display": title}]},
                "entry": [{"fullUrl": f"urn:inocds:{r['resourceType']}/{r['id']}", "resource": r} for r in self.res]}

def cycle1(p, day1, mgs=(1.60, 1.00, 1.00)):
    for plus, mg in zip((0, 7, 14), mgs):
        if mg is not None:
            p.dose(d(day1, plus), mg)
    return p

def days_between(a, b):
    return (datetime.date.fromisoformat(b) - datetime.date.fromisoformat(a)).days

# Usual values of a course of inotuzumab (ANC and platelets in 10*3/uL): the counts dip within a cycle and have recovered by
# the next day 1; liver tests stay normal. Keyed by the slot the draw comes before (day 1, 8, 15).
USUAL = {1: dict(anc=2.4, plt=172, bili=0.6, ast=23, alt=19), 8: dict(anc=1.8, plt=141, bili=0.7, ast=26, alt=22),
         15: dict(anc=1.5, plt=118, bili=0.6, ast=24, alt=21)}

def course(p, story=None, jp=False, bili_umol=False, weights=None):
    """The blood draws of a demo patient's course, so that each pane of the timeline has results around every dose and
    hold (the label's 重要な基本的注意 (1)(2): liver tests and blood counts before each dose): a baseline two days before
    C1D1, then the morning before each later dose, with USUAL values (fewer cells a little each cycle). story = {day
    offset from TODAY: values} changes or adds draws to tell the patient's story (the failing counts before a hold, the
    recovery after it, a rising bilirubin); weights = {day offset: kg} adds body weights. A patient not yet treated gets
    a screening draw a week before the first dose. Results already on a day (yesterday's, the current ones) stay as written."""
    doses = sorted({r["effectiveDateTime"][:10] for r in p.res if r["resourceType"] == "MedicationAdministration"
                    and r["status"] == "completed"})
    draws = {}
    if not doses:
        draws[d(TODAY, -8)] = dict(anc=2.6, plt=186, bili=0.5, ast=21, alt=17)
    cycle, day1 = 1, None
    for n, dose in enumerate(doses):
        if day1 is None or days_between(day1, dose) >= (21 if cycle == 1 else 28):
            cycle, day1 = (1 if day1 is None else cycle + 1), dose
        gap = days_between(day1, dose)
        slot = 1 if gap < 7 else 8 if gap < 14 else 15
        usual = dict(USUAL[slot])
        usual["anc"] = round(usual["anc"] - 0.1 * (cycle - 1), 1)
        usual["plt"] = usual["plt"] - 6 * (cycle - 1)
        if n == 0:
            usual = dict(anc=2.5, plt=180, bili=0.6, ast=22, alt=18)   # the baseline: the counts HEM-1/HEM-2 compare with
        draws[d(dose, -2 if n == 0 else -1)] = usual
    for plus, values in (story or {}).items():
        draws.setdefault(d(TODAY, plus), {}).update(values)
    for date in sorted(draws):
        p.draw(date, jp=jp, bili_umol=bili_umol, **draws[date])
    for plus, kg in sorted((weights or {}).items()):
        p.obs("29463-7", kg, "kg", d(TODAY, plus), category="vital-signs")
    return p

SCENARIOS = []
def scenario(pid, title, patient, order, cards, hook="order-sign", topics=None, expected=None, suggested=None, demo=False, other=None,
             drafts=None, extension=None, counts=None, story=None):
    if demo:   # a demo patient's chart has the draws of its whole course (story: course()'s arguments)
        course(patient, jp=type(patient).__name__ == "JpPatient", **(story or {}))
    expect = {"title": title, "hook": hook, "order": order, "otherOrders": other or [], "cards": cards,
        "topics": topics or {}, "expectedDoseMg": expected or {}, "suggestedDoseMg": suggested, "demo": demo}
    if drafts: expect["drafts"] = drafts          # the draft orders as an EHR writes them (order sets, time zones)
    if extension: expect["extension"] = extension  # fields of a card's inocds.finding extension (None: absent)
    if counts: expect["cardCounts"] = counts
    SCENARIOS.append((pid, title, patient, expect))

def draft(pid, n, mg, date):
    """An inotuzumab draft MedicationRequest as an EHR sends it: planned date in timing.event, dose in mg."""
    return {"resourceType": "MedicationRequest", "id": f"draft-{n}", "status": "draft", "intent": "order",
            "medicationCodeableConcept": {"coding": [{"system": RX, "code": "1942950", "display": "inotuzumab ozogamicin"}]},
            "subject": {"reference": f"Patient/{pid}"}, "authoredOn": TODAY,
            "dosageInstruction": [{"timing": {"event": [date]},
                                   "doseAndRate": [{"doseQuantity": {"value": mg, "unit": "mg", "system": UCUM, "code": "mg"}}]}]}

def order(mg, date=TODAY, **extra):
    o = {"mg": str(mg), "date": date}; o.update(extra); return o

# --- first dose ---------------------------------------------------------------------------------------------
p = Patient("s01-c1d1-correct").eligible()
scenario(p.pid, "C1D1, correct 1.60 mg: only the start checklist", p, order("1.60"), {"START-1": "info"}, topics={"START-1": "surveillance"})
p = Patient("s02-c1d1-wrong-dose").eligible()
scenario(p.pid, "C1D1 ordered 1.70 mg instead of 1.60 mg", p, order("1.70"), {"DOSE-2": "warning", "START-1": "info"},
         topics={"DOSE-2": "dose"}, expected={"DOSE-2": "1.60"}, suggested="1.60", demo=True)
p = Patient("s03-c1d1-overdose").eligible()
scenario(p.pid, "C1D1 ordered 2.00 mg: over 0.8 mg/m² × 2.00 m² + 10 %", p, order("2.00"), {"DOSE-3": "critical", "START-1": "info"},
         topics={"DOSE-3": "dose"}, expected={"DOSE-3": "1.60"}, suggested="1.60")
p = Patient("s04-c1d1-old-weight").body(wdate=d(TODAY, -40)).all().cd22().labs().premedication()
scenario(p.pid, "C1D1 with the newest weight 40 days old", p, order("1.60"), {"DOSE-1": "warning", "START-1": "info"},
         topics={"DOSE-1": "data-quality"})
# --- within cycle 1 -----------------------------------------------------------------------------------------
p = cycle1(Patient("s05-c1d8-correct").eligible(), d(TODAY, -7), (1.60, None, None))
scenario(p.pid, "C1D8 on time at 1.00 mg", p, order("1.00"), {})
p = cycle1(Patient("s06-c1d8-late").eligible(), d(TODAY, -11), (1.60, None, None))
scenario(p.pid, "C1D8 4 days late: postponed within the cycle", p, order("1.00"), {"MOD-1": "info"}, topics={"MOD-1": "schedule"})
p = cycle1(Patient("s07-c1d15-day8-skipped").eligible(), d(TODAY, -15), (1.60, None, None))
scenario(p.pid, "Order at C1D1+15: placed as day 15 with day 8 skipped", p, order("1.00"), {"MOD-1": "info"})
p = cycle1(Patient("s08-too-soon").eligible(), d(TODAY, -5), (1.60, None, None))
scenario(p.pid, "5 days after C1D1: too soon", p, order("1.00"), {"SCHED-1": "critical"}, topics={"SCHED-1": "schedule"})
# --- cycle 2 day 1 ------------------------------------------------------------------------------------------
p = cycle1(Patient("s09-c2d1-on-time").eligible(), d(TODAY, -21))
scenario(p.pid, "C2D1 on time (C1D1 + 21) at 1.60 mg", p, order("1.60"), {})
p = cycle1(Patient("s10-c2d1-after-cr").eligible(), d(TODAY, -21)).remission(3, d(TODAY, -3))
scenario(p.pid, "C2D1 after CR/CRi ordered at 0.8 mg/m²", p, order("1.60"), {"DOSE-5": "warning"},
         topics={"DOSE-5": "dose"}, expected={"DOSE-5": "1.00"}, suggested="1.00", demo=True)
p = cycle1(Patient("s11-c2d1-after-cr-correct").eligible(), d(TODAY, -21)).remission(4.9, d(TODAY, -3))
scenario(p.pid, "C2D1 after CR/CRi at 0.5 mg/m²", p, order("1.00"), {})
p = cycle1(Patient("s12-c2d1-early").eligible(), d(TODAY, -20))
scenario(p.pid, "Next day 1 on C1D1 + 20 (6 days after day 15): cycle 2 one day early", p, order("1.60"), {"SCHED-4": "critical"})
p = cycle1(Patient("s13-cycle1-extended").eligible(), d(TODAY, -28)).remission(2, d(TODAY, -10))
scenario(p.pid, "CR/CRi before C1D1 + 21: C2D1 on C1D1 + 28 is on time", p, order("1.00"), {})
# --- holds and dose levels ----------------------------------------------------------------------------------
def acceptance(pid):
    p = Patient(pid).eligible()
    c1 = d(TODAY, -65)   # C1D1; C2D1 = +21; C2D8 +5 late; C2D15 +4 late; C3D1 due C2D1 + 28, ordered 16 days later
    cycle1(p, c1)
    c2 = d(c1, 21)
    p.dose(c2, 1.60).dose(d(c2, 12), 1.00).dose(d(c2, 18), 1.00)
    return p
p = acceptance("s14-level1-not-followed")
scenario(p.pid, "C2D8 5 days late, C2D15 4 days late, C3D1 16 days late at full dose", p, order("1.60"),
         {"MOD-3": "warning"}, topics={"MOD-3": "dose-modification"}, expected={"MOD-3": "1.20"}, suggested="1.20", demo=True,
         # C2D8 held for ANC 700 (due -37, given -32), C2D15 for platelets 44,000 (due -30, given -26), C3D1 (due -16) for both
         story=dict(story={-38: dict(anc=0.7, plt=96, bili=0.6, ast=25, alt=20), -31: dict(anc=1.2, plt=44, bili=0.7, ast=24, alt=21),
                           -17: dict(anc=0.6, plt=41, bili=0.6, ast=23, alt=19), -10: dict(anc=0.9, plt=58, bili=0.6, ast=22, alt=18)}))
p = acceptance("s15-level1-followed")
scenario(p.pid, "Same timeline, C3D1 at the reduced 1.20 mg", p, order("1.20"), {"MOD-3": "info"}, expected={"MOD-3": "1.20"})
p = cycle1(Patient("s16-day15-omit").eligible(), d(TODAY, -43))
p.dose(d(TODAY, -22), 1.60).dose(d(TODAY, -15), 1.00)
scenario(p.pid, "C2D15 8 days late with no later slot: omit", p, order("1.00"), {"SCHED-2": "warning"}, topics={"SCHED-2": "schedule"}, demo=True,
         # day 15 (due -8) held for platelets 38,000 and ANC 900; counts back a week later
         story=dict(story={-9: dict(anc=0.9, plt=38, bili=0.6, ast=24, alt=20), -5: dict(anc=1.3, plt=64, bili=0.6, ast=22, alt=19)}))
p = cycle1(Patient("s17-hold-over-28").eligible(), d(TODAY, -51))
scenario(p.pid, "C2D1 30 days late: level 1 and consider stopping", p, order("1.20"), {"MOD-4": "warning", "MOD-3": "info"})
p = cycle1(Patient("s18-reduced-dose-given").eligible().obs("29463-7", 81, "kg", d(TODAY, -8), category="vital-signs"),
           d(TODAY, -7), (1.20, None, None))
scenario(p.pid, "C1D1 given at 1.20 mg (≤ 80 %): C1D8 must be reduced too", p, order("1.00"), {"MOD-3": "warning"},
         expected={"MOD-3": "0.75"}, suggested="0.75")
# --- cycle limits -------------------------------------------------------------------------------------------
def cycles(p, n, first, cr=True):
    # from cycle 2 on day 1 is 0.5 mg/m² (1.00 mg) after CR/CRi, else 0.8 mg/m² (1.60 mg)
    day1 = first
    for c in range(1, n + 1):
        p.dose(day1, 1.60 if c == 1 or not cr else 1.00).dose(d(day1, 7), 1.00).dose(d(day1, 14), 1.00)
        day1 = d(day1, 21 if c == 1 else 28)
    return p
p = cycles(Patient("s19-hsct-cycle4").eligible().hsct_planned(), 3, d(TODAY, -77)).remission(2, d(TODAY, -60))
scenario(p.pid, "HSCT planned, cycle 4 ordered", p, order("1.00"), {"CYC-1": "warning", "VOD-1": "warning"},
         topics={"CYC-1": "cycle-limit", "VOD-1": "vod-risk"}, demo=True)
p = cycles(Patient("s20-no-response-cycle4").eligible(), 3, d(TODAY, -77), cr=False)
scenario(p.pid, "No HSCT, no CR/CRi by cycle 3, cycle 4 ordered", p, order("1.60"), {"CYC-3": "warning"})
p = cycles(Patient("s21-cycle7").eligible(), 6, d(TODAY, -161)).remission(2, d(TODAY, -140))
scenario(p.pid, "Cycle 7 ordered", p, order("1.00"), {"CYC-4": "warning"})
p = cycle1(Patient("s22-hsct-cycle2").eligible().hsct_planned(), d(TODAY, -21))
scenario(p.pid, "HSCT planned, cycle 2 day 1: fewest cycles; VOD/SOS risk (HSCT planned, 2 cycles)", p, order("1.60"),
         {"CYC-2": "info", "VOD-1": "warning"})
# --- eligibility --------------------------------------------------------------------------------------------
p = Patient("s23-allergy").eligible().add({"resourceType": "AllergyIntolerance", "id": "s23-allergy-al", "criticality": "high",
    "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "code": "active"}]},
    "code": {"coding": [{"system": RX, "code": "1942955", "display": "Besponsa"}]}, "patient": {"reference": "Patient/s23-allergy"}})
# one decisive answer: beside a contraindication no start checklist (docs/design.md "Precedence")
scenario(p.pid, "Hypersensitivity to Besponsa on record", p, order("1.60"), {"ELIG-1": "critical"},
         topics={"ELIG-1": "contraindication"}, demo=True)
p = Patient("s24-no-cd22").body().all().labs().premedication()
scenario(p.pid, "No CD22 result before the first dose", p, order("1.60"), {"ELIG-3": "warning", "START-1": "info"}, topics={"ELIG-3": "eligibility"})
p = Patient("s25-high-blasts").eligible()
p.obs("6690-2", 30, "10*3/uL", d(TODAY, -1) + "T08:00:00+09:00").obs("26446-5", 50, "%", d(TODAY, -1) + "T08:00:00+09:00")
scenario(p.pid, "WBC 30,000/µL with 50 % blasts → 15,000/µL blasts", p, order("1.60"), {"ELIG-4": "warning", "START-1": "info"})
p = Patient("s26-pediatric", birth="2010-03-01").eligible()
scenario(p.pid, "15-year-old patient", p, order("1.60"), {"ELIG-5": "warning", "START-1": "info"})
p = Patient("s27-pregnant").eligible().add({"resourceType": "Observation", "id": "s27-pregnant-hcg", "status": "final",
    "code": {"coding": [{"system": LOINC, "code": "2106-3"}]}, "subject": {"reference": "Patient/s27-pregnant"},
    "effectiveDateTime": d(TODAY, -2), "valueCodeableConcept": {"coding": [{"system": SCT, "code": "10828004", "display": "Positive"}]}})
scenario(p.pid, "Positive urine hCG two days ago", p, order("1.60"), {"ELIG-6": "critical"})
p = Patient("s28-other-antineoplastic").eligible().med("6851", "methotrexate")
scenario(p.pid, "Methotrexate active alongside", p, order("1.60"), {"ELIG-9": "warning", "START-1": "info"})
p = Patient("s29-oral-route").eligible()
scenario(p.pid, "Order with an oral route", p, order("1.60", route="oral"), {"PREP-2": "warning", "START-1": "info"}, topics={"PREP-2": "preparation"})
# --- Japanese coding and order-select -----------------------------------------------------------------------
p = Patient("s30-jp-coded", gender="male").body(165, 60).all().cd22().labs(jp=True).premedication()
scenario(p.pid, "Japanese patient with JLAC10 labs: 165 cm / 60 kg → 1.66 m² → 1.33 mg", p, order("1.33"), {"START-1": "info"})
p = Patient("s31-order-select").eligible()
scenario(p.pid, "Composing a correct C1D1: calculation, preparation, checklist", p, order("1.60"),
         {"DOSE-2": "info", "PREP-1": "info", "START-1": "info"}, hook="order-select", expected={"DOSE-2": "1.60"})

# --- issue 4: holds, toxicity, VOD/SOS, monitoring, patient-view --------------------------------------------
AE_GRADE = "http://hl7.org/fhir/uv/ae-research-backport-ig/StructureDefinition/ae-grade"
def c2(pid, anc=2.5, plt=180, base_anc=2.5, base_plt=180, jp=False, bili=0.6, bili_high=1.2, birth="1975-05-05", ast=22, alt=18):
    """Cycle 1 given from TODAY-21 (C2D1 due today), baseline counts 2 days before C1D1, current labs yesterday."""
    p = Patient(pid, birth=birth).body().all().cd22().premedication()
    c1 = d(TODAY, -21)
    p.obs("751-8", base_anc, "10*3/uL", d(c1, -2)).obs("777-3", base_plt, "10*3/uL", d(c1, -2))
    cycle1(p, c1)
    p.labs(anc=anc, plt=plt, jp=jp, bili=bili, ast=ast, alt=alt)
    return p
def condition(p, system, code, display, status="active", onset=None):
    return p.add({"resourceType": "Condition", "id": p.id("cond"),
        "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": status}]},
        "code": {"coding": [{"system": system, "code": code, "display": display}], "text": display},
        "subject": p.subject(), "onsetDateTime": onset or d(TODAY, -5)})
def adverse(p, text, grade, outcome="ongoing", date=None, serious=False):
    ae = {"resourceType": "AdverseEvent", "id": p.id("ae"), "actuality": "actual",
          "event": {"text": text}, "subject": p.subject(), "date": date or d(TODAY, -4),
          "outcome": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/adverse-event-outcome", "code": outcome}]},
          "extension": [{"url": AE_GRADE, "valueCodeableConcept": {"coding": [{"system":
              "http://terminology.hl7.org/CodeSystem/adverse-event-clinical-research-grades", "code": str(grade)}]}}]}
    if serious:
        ae["seriousness"] = {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/adverse-event-seriousness", "code": "Serious"}]}
    return p.add(ae)

p = Patient("s32-no-premedication").body().all().cd22().labs()
scenario(p.pid, "C1D1 with no premedication ordered: the site's set is offered", p, order("1.60"),
         {"PRE-1": "info", "START-1": "info"}, topics={"PRE-1": "premedication"}, demo=True)
p = c2("s33-hem1-anc-900", anc=0.9)
scenario(p.pid, "C2D1: baseline ANC 2,500, now 900/µL → hold", p, order("1.60"), {"HEM-1": "warning"}, topics={"HEM-1": "hold-hematologic"}, demo=True)
p = c2("s34-hem1-anc-1000", anc=1.0)
scenario(p.pid, "C2D1: baseline ANC 2,500, now exactly 1,000/µL → no hold", p, order("1.60"), {})
p = c2("s35-hem2-back-to-baseline", anc=0.8, plt=35, base_anc=0.7, base_plt=30)
scenario(p.pid, "C2D1: low baseline (ANC 700, PLT 30,000), now ANC 800 and PLT 35,000 → no hold", p, order("1.60"), {})
p = c2("s36-hem2-not-recovered", anc=0.65, plt=60, base_anc=0.7, base_plt=30)
scenario(p.pid, "C2D1: low baseline ANC 700, now 650 with PLT 60,000 → hold", p, order("1.60"), {"HEM-2": "warning"})
p = c2("s37-bilirubin-1.81", bili=1.81)
scenario(p.pid, "Bilirubin 1.81 mg/dL against ULN 1.2: over 1.5 × → hold", p, order("1.60"), {"HEP-2": "warning", "VOD-1": "warning"},
         topics={"HEP-2": "hold-hepatic"})
p = c2("s38-bilirubin-1.80", bili=1.8)
scenario(p.pid, "Bilirubin 1.80 mg/dL against ULN 1.2: exactly 1.5 × → no hold (VOD-1 notes bilirubin ≥ ULN)", p, order("1.60"), {"VOD-1": "warning"})
p = condition(c2("s39-gilbert", bili=1.92), "http://hl7.org/fhir/sid/icd-10", "E80.4", "Gilbert syndrome", onset="2010-04-01")
scenario(p.pid, "Bilirubin 1.6 × ULN with Gilbert syndrome: criterion waived (info)", p, order("1.60"), {"HEP-2": "info", "VOD-1": "warning"}, demo=True,
         story=dict(story={-23: dict(bili=1.7), -15: dict(bili=2.1), -8: dict(bili=1.8)}))   # Gilbert: bilirubin always high
VOD_STORY = dict(story={-15: dict(bili=0.7), -8: dict(bili=0.9, plt=104), -4: dict(anc=2.0, plt=86, bili=1.6, ast=48, alt=39),
                        -3: dict(anc=2.1, plt=79, bili=2.3, ast=61, alt=52)},
                 weights={-23: 76.0, -8: 76.4, -4: 78.9, -3: 79.8})   # 76.0 → 81 kg yesterday: + 6.6 %
def vod(pid):
    """Active VOD/SOS diagnosed 3 days ago, after cycle 1: bilirubin 2.3 then 2.8 mg/dL, AST/ALT up (under 2.5 × ULN),
    platelets falling, weight up 6.6 %, painful hepatomegaly and ascites on the Condition's evidence."""
    p = condition(c2(pid, bili=2.8, plt=72, ast=70, alt=58), "http://hl7.org/fhir/sid/icd-10", "K76.5", "Hepatic veno-occlusive disease",
                  onset=d(TODAY, -3))
    p.res[-1]["evidence"] = [{"code": [{"coding": [{"system": SCT, "code": code, "display": text}], "text": text}]}
                             for code, text in (("80515008", "Hepatomegaly"), ("389026000", "Ascites"), ("8943002", "Weight gain"))]
    p.res[-1]["note"] = [{"text": "Bilirubin 2.3 mg/dL, tender hepatomegaly (liver 4 cm below the costal margin), ascites on "
                                  "ultrasound, weight 76.0 → 79.8 kg (+5 %): VOD/SOS by the modified Seattle criteria"}]
    return p
# The bilirubin of 2.8 mg/dL that VOD/SOS comes with (earlier 0.6 mg/dL, which no VOD/SOS diagnosis fits) is at or above
# ULN after inotuzumab: VOD-1 names it beside the stop; the hepatic hold (HEP-2) is moot beside HEP-1's stop
p = vod("s40-vod-active")
scenario(p.pid, "Active VOD/SOS after cycle 1 (bilirubin 2.8 mg/dL, weight + 6.6 %): discontinue", p, order("1.60"),
         {"HEP-1": "critical", "VOD-1": "warning"}, topics={"HEP-1": "discontinue"}, demo=True, story=VOD_STORY)
p = adverse(c2("s41-tox-grade2"), "Nausea", 2)
scenario(p.pid, "Ongoing grade 2 nausea: hold", p, order("1.60"), {"TOX-1": "warning"}, topics={"TOX-1": "hold-toxicity"})
p = adverse(c2("s42-infusion-severe"), "Infusion related reaction", 3, outcome="resolved", date=d(TODAY, -21), serious=True)
scenario(p.pid, "Severe infusion reaction in cycle 1: discontinue", p, order("1.60"), {"INF-1": "critical"})
p = adverse(c2("s43-infusion-mild"), "Infusion related reaction", 1, outcome="resolved", date=d(TODAY, -21))
scenario(p.pid, "Mild infusion reaction in cycle 1: premedicate, watch", p, order("1.60"), {"INF-2": "warning"}, topics={"INF-2": "premedication"})
p = condition(c2("s44-infection"), "http://hl7.org/fhir/sid/icd-10", "J18.9", "Pneumonia")
scenario(p.pid, "Active pneumonia: caution", p, order("1.60"), {"CAU-1": "warning"}, topics={"CAU-1": "caution"})
p = Patient("s45-elderly-hsct", birth="1959-06-01").eligible().hsct_planned()
scenario(p.pid, "66-year-old with HSCT planned, first dose: VOD/SOS risk", p, order("1.60"), {"VOD-1": "warning", "START-1": "info"},
         topics={"VOD-1": "vod-risk"})
p = cycle1(Patient("s46-no-liver-tests").body().all().cd22().premedication(), d(TODAY, -7), (1.60, None, None))
scenario(p.pid, "C1D8 with no liver tests or counts in 7 days", p, order("1.00"), {"MON-1": "warning", "MON-2": "info"}, topics={"MON-1": "monitoring"})
p = c2("s47-qtc-prolonged").obs("8636-3", 512, "ms", d(TODAY, -1), category="procedure")
scenario(p.pid, "C2D1 with QTc 512 ms", p, order("1.60"), {"MON-3": "warning"})
p = c2("s48-twin-jlac", anc=0.9, jp=True)
scenario(p.pid, "JP twin: JLAC10, 10*4/uL platelets, µmol/L bilirubin, ANC only as % of WBC (900/µL) → hold", p, order("1.60"),
         {"HEM-1": "warning"})
p = c2("s49-twin-loinc", anc=0.9)
scenario(p.pid, "LOINC twin of s48 → the same hold", p, order("1.60"), {"HEM-1": "warning"})
p = c2("s50-platelet-transfusion", plt=120).add({"resourceType": "Procedure", "id": "s50-platelet-transfusion-tx", "status": "completed",
    "code": {"coding": [{"system": "http://inocds.org/fhir/CodeSystem/local-example", "code": "platelet-transfusion"}], "text": "Platelet transfusion"},
    "subject": {"reference": "Patient/s50-platelet-transfusion"}, "performedDateTime": d(TODAY, -3)})
scenario(p.pid, "Platelet count two days after a platelet transfusion", p, order("1.60"), {"HEM-3": "warning"}, topics={"HEM-3": "data-quality"})
p = c2("s51-lipase-grade2").obs("3040-3", 95, "U/L", d(TODAY, -1), ref_high=60)
scenario(p.pid, "Lipase 95 U/L (> 1.5 × 60): grade 2 → hold", p, order("1.60"), {"TOX-1": "warning"})
p = c2("s52-conditioning-two-alkylators")
scenario(p.pid, "Signing busulfan and melphalan after inotuzumab", p, None, {"VOD-2": "warning"}, topics={"VOD-2": "vod-risk"},
         other=[{"code": "1828", "display": "busulfan", "mg": "100"}, {"code": "6718", "display": "melphalan", "mg": "140"}], demo=True)
p = c2("s53-patient-view-status")
scenario(p.pid, "Chart of a patient after cycle 1: status", p, None, {"STATUS-1": "info"}, hook="patient-view", topics={"STATUS-1": "schedule"},
         expected={"STATUS-1": "1.60"})
p = Patient("s54-patient-view-untreated").eligible()
scenario(p.pid, "Chart of a patient never given inotuzumab: quiet", p, None, {}, hook="patient-view")

# --- issue 8: clinical edges --------------------------------------------------------------------------------
# patient-view: each hold, stop and limit family stands in the way of the next dose (STATUS-1 as corrected)
p = c2("s55-pv-anc-hold", anc=0.9)
scenario(p.pid, "Chart after cycle 1, ANC 900/µL: the hold is shown, no next-dose figure", p, None,
         {"HEM-1": "warning", "STATUS-1": "info"}, hook="patient-view", topics={"HEM-1": "hold-hematologic"}, demo=True)
p = vod("s56-pv-vod-active")
scenario(p.pid, "Chart with active VOD/SOS (bilirubin 2.8 mg/dL): discontinue is shown, no next-dose figure", p, None,
         {"HEP-1": "critical", "VOD-1": "warning", "STATUS-1": "info"}, hook="patient-view",
         topics={"HEP-1": "discontinue"}, demo=True, story=VOD_STORY)
p = cycles(Patient("s57-pv-hsct-after-3-cycles").eligible().hsct_planned(), 3, d(TODAY, -84)).remission(2, d(TODAY, -70))  # CR/CRi before C2D1
scenario(p.pid, "Chart with HSCT planned after 3 cycles: no further cycle", p, None,
         {"CYC-1": "warning", "VOD-1": "warning", "STATUS-1": "info"}, hook="patient-view", topics={"CYC-1": "cycle-limit"}, demo=True,
         story=dict(story={-8: dict(anc=2.3, plt=165, bili=0.6, ast=24, alt=20)}))   # the check-up when cycle 4 fell due
p = c2("s58-pv-bilirubin-hold", bili=2.0)
scenario(p.pid, "Chart with bilirubin 2.0 mg/dL (ULN 1.2): hepatic hold", p, None,
         {"HEP-2": "warning", "VOD-1": "warning", "STATUS-1": "info"}, hook="patient-view", topics={"HEP-2": "hold-hepatic"}, demo=True,
         story=dict(story={-15: dict(bili=0.8), -8: dict(bili=1.3, ast=34, alt=29)}))   # bilirubin rising through cycle 1
p = adverse(c2("s59-pv-toxicity-hold"), "Nausea", 2)
scenario(p.pid, "Chart with ongoing grade 2 nausea: toxicity hold", p, None,
         {"TOX-1": "warning", "STATUS-1": "info"}, hook="patient-view", topics={"TOX-1": "hold-toxicity"}, demo=True)
p = adverse(c2("s60-pv-infusion-severe"), "Infusion related reaction", 3, outcome="resolved", date=d(TODAY, -7), serious=True)  # at day 15
scenario(p.pid, "Chart after a severe infusion reaction: discontinue", p, None,
         {"INF-1": "critical", "STATUS-1": "info"}, hook="patient-view", topics={"INF-1": "discontinue"}, demo=True)
p = cycles(Patient("s61-pv-no-response").eligible(), 3, d(TODAY, -84), cr=False).marrow(38, d(TODAY, -9))  # blasts 38 % after cycle 3
scenario(p.pid, "Chart after 3 cycles without CR/CRi and no HSCT: no further cycle", p, None,
         {"CYC-3": "warning", "STATUS-1": "info"}, hook="patient-view", topics={"CYC-3": "cycle-limit"}, demo=True,
         story=dict(story={-8: dict(anc=1.1, plt=74, bili=0.6, ast=25, alt=21)}))   # the check-up when cycle 4 fell due
p = c2("s62-pv-on-track")
scenario(p.pid, "Chart after cycle 1 with nothing in the way: the next dose and its mg", p, None,
         {"STATUS-1": "info"}, hook="patient-view", expected={"STATUS-1": "1.60"}, demo=True)
# response: all three criteria (用法・用量に関連する使用上の注意 1)
p = cycle1(Patient("s63-marrow-only").eligible(), d(TODAY, -21)).marrow(3, d(TODAY, -3))
scenario(p.pid, "C2D1: marrow blasts 3 % but no peripheral blast result → confirm the response", p, order("1.60"),
         {"DOSE-5": "warning"}, topics={"DOSE-5": "dose"}, demo=True)
p = cycle1(Patient("s64-marrow-peripheral-blasts").eligible(), d(TODAY, -21)).marrow(3, d(TODAY, -3)).obs("26446-5", 20, "%", d(TODAY, -3))
scenario(p.pid, "C2D1: marrow blasts 3 % with 20 % blasts in the blood → the data refute CR/CRi: 0.8 mg/m², nothing to confirm", p,
         order("1.60"), {})
p = cycle1(Patient("s65-cr-by-day-25").eligible(), d(TODAY, -28)).remission(2, d(TODAY, -3))
scenario(p.pid, "CR/CRi documented on C1D1 + 25: C2D1 on C1D1 + 28 at 0.5 mg/m² is on time", p, order("1.00"), {})
# administrations that never ran, partial doses, reductions
p = cycle1(Patient("s66-stopped-not-started").eligible(), d(TODAY, -8), (1.60, None, None)).dose(d(TODAY, -1), 0, status="stopped")
scenario(p.pid, "C1D8 today after a day-8 infusion stopped at 0 mg yesterday: not too soon, 1 day late", p, order("1.00"),
         {"MOD-1": "info"})
p = cycle1(Patient("s67-partial-dose").eligible(), d(TODAY, -21), (1.60, None, 1.00)).dose(d(TODAY, -14), 0.4, status="stopped")
scenario(p.pid, "C2D1 at full dose after a day-8 infusion stopped at 0.4 mg: no reduction", p, order("1.60"), {})
p = Patient("s68-reduced-no-weight-near").body(wdate=d(TODAY, -1)).all().cd22().labs().premedication()
cycle1(p, d(TODAY, -28), (1.20, 0.75, 0.75))
scenario(p.pid, "Cycle 1 given at 75 % with only a recent weight: full C2D1 is not the reduced dose", p, order("1.60"),
         {"MOD-3": "warning"}, topics={"MOD-3": "dose-modification"})
p = cycle1(Patient("s69-two-drafts").eligible(), d(TODAY, -21))
scenario(p.pid, "Two C2D1 orders on the same day: only one can be given", p, order("1.60"), {"SCHED-5": "critical"},
         topics={"SCHED-5": "schedule"}, other=[{"code": "1942950", "display": "inotuzumab ozogamicin", "mg": "1.60"}])
# exact units and one missing baseline
p = Patient("s70-bilirubin-umol-exact").body().all().cd22().premedication()
cycle1(p, d(TODAY, -21)); p.labs()
p.obs("14631-6", 33, "umol/L", d(TODAY, -1) + "T09:00:00+09:00", ref_high=22)
scenario(p.pid, "Bilirubin 33 µmol/L against its ULN 22 µmol/L: exactly 1.5 × → no hold", p, order("1.60"), {"VOD-1": "warning"}, demo=True,
         story=dict(bili_umol=True))   # its bilirubin history in µmol/L too
p = Patient("s71-hem2-one-baseline").body().all().cd22().premedication()
p.obs("751-8", 0.7, "10*3/uL", d(TODAY, -23))
cycle1(p, d(TODAY, -21)); p.labs(anc=0.8, plt=40)
scenario(p.pid, "C2D1: baseline ANC 700, no platelet baseline; platelets 40,000 → hold", p, order("1.60"), {"HEM-2": "warning"},
         topics={"HEM-2": "hold-hematologic"})

# --- real clients: resources shaped as JP Core writes them (JP_Patient, JP_Observation_LabResult with JLAC10, JP Core body
# measurements, JP_MedicationAdministration_Injection / JP_MedicationRequest_Injection with a contained Medication coded HOT9).
# They claim no meta.profile: the JP Core package is not available offline to validate such a claim, and
# FixtureValidityTest checks every fixture against base R4 with no unchecked profile --------------------------------------
JP_BODY = "http://jpfhir.jp/fhir/core/CodeSystem/JP_ObservationBodyMeasurementCode_CS"
HOT9 = "urn:oid:1.2.392.200119.4.403.1"; YJ = "http://capstandard.jp/iyaku.info/CodeSystem/YJ-code"
MERIT9 = "urn:oid:1.2.392.100495.20.2.101"; EN_REP = "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation"
class JpPatient(Patient):
    """A patient as a Japanese EHR's JP Core server holds it: Japanese names (kanji and kana), JLAC10 labs with code.text,
    platelets in 10*4/uL, bilirubin in µmol/L, HOT9-coded injections whose amount is on the contained Medication."""
    def __init__(self, pid, kanji, kana, birth="1968-04-12", gender="male"):
        super().__init__(pid, birth=birth, gender=gender)
        (family, given), (family_kana, given_kana) = kanji, kana
        self.res[0] = {"resourceType": "Patient", "id": pid,
            "identifier": [{"system": "urn:oid:1.2.392.100495.20.3.51.11311234567", "value": pid}],
            "name": [{"extension": [{"url": EN_REP, "valueCode": "IDE"}], "use": "official", "text": f"{family} {given}",
                      "family": family, "given": [given]},
                     {"extension": [{"url": EN_REP, "valueCode": "SYL"}], "use": "official", "text": f"{family_kana} {given_kana}",
                      "family": family_kana, "given": [given_kana]}],
            "gender": gender, "birthDate": birth, "communication": [{"language": {"coding": [{"system": "urn:ietf:bcp:47", "code": "ja"}]}}]}
    def obs(self, code, value, unit, date, system=LOINC, category="laboratory", ref_high=None, display=None):
        super().obs(code, value, unit, date, system=system, category=category, ref_high=ref_high, display=display)
        o = self.res[-1]
        o["code"]["text"] = display or JP_LAB_TEXT.get(code, code)   # JP Core: code.text always
        return self
    def body(self, height=165, weight=60, hdate=d(TODAY, -20), wdate=d(TODAY, -1)):
        self.obs("31000298", height, "cm", hdate, system=JP_BODY, category="vital-signs", display="身長")
        return self.obs("31000296", weight, "kg", wdate, system=JP_BODY, category="vital-signs", display="体重")
    def all(self, status="relapse", code="C91.0", recorded=None):
        super().all(status=status, code=code, recorded=recorded)
        self.res[-1]["code"]["text"] = "B 細胞性急性リンパ性白血病（再発）"
        return self
    def labs(self, date=None, bili=0.6, ast=22, alt=18, anc=2.5, plt=180, jp=True):
        return super().labs(date=date, bili=bili, ast=ast, alt=alt, anc=anc, plt=plt, jp=True)
    def premedication(self):
        # YJ codes in the premedication classes (114 解熱鎮痛消炎剤, 441 抗ヒスタミン剤, 2456 プレドニゾロン系); the product
        # digits are illustrative, not real products: the service matches these by class
        for code, text in (("1141000X0000", "アセトアミノフェン（前投薬）"), ("4419000X0000", "d-クロルフェニラミン（前投薬）"),
                           ("2456000X0000", "メチルプレドニゾロン（前投薬）")):
            self.add({"resourceType": "MedicationRequest", "id": self.id("mr"),
                "status": "active", "intent": "order", "medicationCodeableConcept": {"coding": [{"system": YJ, "code": code, "display": text}],
                "text": text}, "subject": self.subject(), "authoredOn": d(TODAY, -3)})
        return self
    def dose(self, date, mg, status="completed"):
        return self.add({"resourceType": "MedicationAdministration", "id": self.id("dose"), "status": status,
            "contained": [{"resourceType": "Medication", "id": "med", "ingredient": [
                {"itemCodeableConcept": {"coding": [{"system": HOT9, "code": "126224701", "display": "ベスポンサ点滴静注用1mg"}],
                                         "text": "ベスポンサ点滴静注用1mg"},
                 "strength": {"numerator": {"value": mg, "unit": "mg", "system": UCUM, "code": "mg"},
                              "denominator": {"value": 1, "unit": "回", "system": MERIT9, "code": "KAI"}}},
                {"itemCodeableConcept": {"text": "生理食塩液"},
                 "strength": {"numerator": {"value": 50, "unit": "mL", "system": MERIT9, "code": "mL"},
                              "denominator": {"value": 1, "unit": "回", "system": MERIT9, "code": "KAI"}}}]}],
            "medicationReference": {"reference": "#med", "display": "ベスポンサ点滴静注用1mg＋生理食塩液"},
            "subject": self.subject(), "effectiveDateTime": date + "T10:00:00+09:00",
            "dosage": {"route": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0162", "code": "IV", "display": "静脈内"}]},
                       "dose": {"value": 54, "unit": "mL", "system": MERIT9, "code": "mL"}}})
JP_LAB_TEXT = {"3J010000002327101": "総ビリルビン", "3B035000002327201": "AST", "3B045000002327201": "ALT",
               "2A05000000019-01": "血小板数", "6690-2": "白血球数", "770-8": "好中球（%）", "8636-3": "QTc", "3040-3": "リパーゼ"}
def jp_c2(pid, kanji, kana, anc=2.5):
    """Cycle 1 (JP Core injections, 165 cm / 60 kg → 1.66 m²) from TODAY-21, baselines 2 days before C1D1, labs yesterday."""
    p = JpPatient(pid, kanji, kana).body().all().cd22().premedication()
    c1 = d(TODAY, -21)
    p.obs("6690-2", 5.0, "10*3/uL", d(c1, -2)).obs("770-8", 50, "%", d(c1, -2)).obs("2A05000000019-01", 18, "10*4/uL", d(c1, -2), system=JLAC)
    cycle1(p, c1, (1.33, 0.83, 0.83))
    return p.labs(anc=anc)
def jp_order(mg, amount, unit, date=TODAY):
    """A JP_MedicationRequest_Injection draft: the drug's amount in vials (MERIT-9 HON) or mL on the contained Medication."""
    return order(mg, date, jpCore={"amount": str(amount), "unit": unit})
p = JpPatient("s72-jp-core-c1d1-vials", ("佐藤", "一郎"), ("サトウ", "イチロウ")).body().all().cd22().labs().premedication()
scenario(p.pid, "JP Core C1D1: 2 瓶 (2 mg) ordered for 1.66 m² (0.8 mg/m² = 1.33 mg)", p, jp_order("2.00", 2, "HON"),
         {"DOSE-3": "critical", "START-1": "info"}, expected={"DOSE-3": "1.33"})
p = jp_c2("s73-jp-core-select-anc-hold", ("鈴木", "花子"), ("スズキ", "ハナコ"), anc=0.9)
scenario(p.pid, "JP Core order-select, C2D1 5.32 mL (1.33 mg): ANC 900/µL from WBC × neutrophil % → hold", p,
         jp_order("1.33", "5.32", "mL"), {"HEM-1": "warning", "DOSE-2": "info", "PREP-1": "info"}, hook="order-select",
         topics={"HEM-1": "hold-hematologic"}, expected={"DOSE-2": "1.33"})
p = jp_c2("s74-jp-core-pv-anc-hold", ("高橋", "誠"), ("タカハシ", "マコト"), anc=0.9)
scenario(p.pid, "JP Core chart after cycle 1, ANC 900/µL: the hold, in Japanese", p, None,
         {"HEM-1": "warning", "STATUS-1": "info"}, hook="patient-view", topics={"HEM-1": "hold-hematologic"}, demo=True)

# --- issue 21: one next-dose path (STATUS-1), order sets, the cycle's own cap (§0), HEP-1 whatever its status now --
def late_day15(pid):
    """C1D1 21 days ago, day 8 on time, day 15 given 4 days late (3 days ago): C2D1 is due today, but not before day 15 + 6."""
    p = Patient(pid).body().all().cd22().premedication()
    c1 = d(TODAY, -21)
    p.obs("751-8", 2.5, "10*3/uL", d(c1, -2)).obs("777-3", 180, "10*3/uL", d(c1, -2))
    p.dose(c1, 1.60).dose(d(c1, 7), 1.00).dose(d(c1, 18), 1.00)
    return p.labs()
p = late_day15("s75-pv-next-dose-after-late-day15")
scenario(p.pid, "Chart after a day 15 given 4 days late: the next C2D1 is day 15 + 6, not today", p, None,
         {"STATUS-1": "info"}, hook="patient-view", expected={"STATUS-1": "1.60"},
         extension={"STATUS-1": {"plannedDate": d(TODAY, 3), "cycle": 2, "day": 1}})
p = late_day15("s76-c2d1-on-the-announced-day")
scenario(p.pid, "C2D1 signed for the day the chart announced (day 15 + 6) at 1.60 mg: nothing in the way", p, order("1.60", d(TODAY, 3)), {})
p = late_day15("s77-c2d1-today-after-late-day15")
scenario(p.pid, "C2D1 signed for today, 3 days after a late day 15: too soon", p, order("1.60"), {"SCHED-1": "critical"})
p = c2("s78-pv-pregnant").add({"resourceType": "Observation", "id": "s78-pv-pregnant-hcg", "status": "final",
    "code": {"coding": [{"system": LOINC, "code": "2106-3"}]}, "subject": {"reference": "Patient/s78-pv-pregnant"},
    "effectiveDateTime": d(TODAY, -2), "valueCodeableConcept": {"coding": [{"system": SCT, "code": "10828004", "display": "Positive"}]}})
scenario(p.pid, "Chart of a patient on treatment now pregnant: no next-dose figure, the pregnancy card", p, None,
         {"ELIG-6": "critical", "STATUS-1": "info"}, hook="patient-view", extension={"STATUS-1": {"expectedDoseMg": None}})
p = c2("s79-pv-allergy").add({"resourceType": "AllergyIntolerance", "id": "s79-pv-allergy-al", "criticality": "high",
    "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "code": "active"}]},
    "code": {"coding": [{"system": RX, "code": "1942950", "display": "inotuzumab ozogamicin"}]},
    "reaction": [{"manifestation": [{"text": "Anaphylaxis"}]}], "patient": {"reference": "Patient/s79-pv-allergy"}})
scenario(p.pid, "Chart with anaphylaxis to inotuzumab on the allergy list: no next-dose figure", p, None,
         {"ELIG-1": "critical", "STATUS-1": "info"}, hook="patient-view", extension={"STATUS-1": {"expectedDoseMg": None}})
p = condition(c2("s80-pv-vod-resolved"), "http://hl7.org/fhir/sid/icd-10", "K76.5", "Hepatic veno-occlusive disease",
              status="resolved", onset=d(TODAY, -11))
scenario(p.pid, "Chart after VOD/SOS that arose in cycle 1 and has resolved: still discontinue", p, None,
         {"HEP-1": "critical", "VOD-1": "warning", "STATUS-1": "info"}, hook="patient-view", topics={"HEP-1": "discontinue"},
         extension={"STATUS-1": {"expectedDoseMg": None}})
p = Patient("s81-c1-order-set").eligible()
# the later drafts lie beyond the lab window of today's results: their liver tests and counts are still to come (MON-1, MON-2)
scenario(p.pid, "Cycle 1 ordered at once: days 1, 8 and 15 in one call, each at its dose", p, None,
         {"START-1": "info", "MON-1": "warning", "MON-2": "info"},
         drafts=[draft(p.pid, 1, 1.60, TODAY), draft(p.pid, 2, 1.00, d(TODAY, 7)), draft(p.pid, 3, 1.00, d(TODAY, 14))])
p = cycle1(Patient("s82-c2-order-set-after-cr").eligible(), d(TODAY, -21)).remission(2, d(TODAY, -3))
scenario(p.pid, "Cycle 2 after CR/CRi ordered at once: days 1, 8, 15 at 0.5 mg/m² (1.5 mg/m² in all)", p, None,
         {"MON-1": "warning", "MON-2": "info"},
         drafts=[draft(p.pid, 1, 1.00, TODAY), draft(p.pid, 2, 1.00, d(TODAY, 7)), draft(p.pid, 3, 1.00, d(TODAY, 14))])
p = cycle1(Patient("s83-c1-order-set-overdose").eligible(), d(TODAY, -7), (1.60, None, None))
scenario(p.pid, "Days 8 and 15 of cycle 1 ordered at once at 1.60 mg each: day 8 is off the dose, day 15 over the cycle's 1.8 mg/m²",
         p, None, {"DOSE-2": "warning", "DOSE-3": "critical", "MON-1": "warning", "MON-2": "info"},
         drafts=[draft(p.pid, 1, 1.60, TODAY), draft(p.pid, 2, 1.60, d(TODAY, 7))], counts={"DOSE-2": 1, "DOSE-3": 1},
         extension={"DOSE-2": {"plannedDate": TODAY, "day": 8}, "DOSE-3": {"plannedDate": d(TODAY, 7), "day": 15}})
p = cycle1(Patient("s84-order-set-across-cycles").eligible(), d(TODAY, -14), (1.60, 1.00, None))
scenario(p.pid, "Day 15 of cycle 1 and day 1 of cycle 2 ordered at once", p, None, {"MON-1": "warning", "MON-2": "warning"},
         drafts=[draft(p.pid, 1, 1.00, TODAY), draft(p.pid, 2, 1.60, d(TODAY, 7))])
p = Patient("s85-cr-inside-cycle2").eligible()
cycle1(p, d(TODAY, -35)).dose(d(TODAY, -14), 1.60).dose(d(TODAY, -7), 1.00)
p.remission(2, d(TODAY, -10))
scenario(p.pid, "CR/CRi reached after C2D1 (given at 0.8 mg/m²): day 15 at 0.5 mg/m² is within the cycle's 1.8 mg/m² (3.60 mg)", p,
         order("1.00"), {})
# --- site-local days and one dose a day (RULES §1) --------------------------------------------------------------
# Days are Tokyo days (inocds.site.time-zone): a moment written in UTC counts on its Tokyo date.
p = Patient("sd1-day8-draft-sent-in-utc").eligible().dose(d(TODAY, -7), 1.60, at="T08:00:00+09:00")
scenario(p.pid, "C1D1 at 08:00 Japan time; the day-8 draft sent in UTC as 23:30Z the evening before (08:30 in Tokyo): day 8 on time",
         p, order("1.00", d(TODAY, -1) + "T23:30:00Z"), {})
p = Patient("sd2-doses-recorded-in-utc").eligible().dose(d(TODAY, -15), 1.60, at="T23:30:00Z").dose(d(TODAY, -8), 1.00, at="T23:30:00Z")
scenario(p.pid, "Days 1 and 8 recorded in UTC at 23:30Z (08:30 the next Tokyo day): day 15 today is on time", p, order("1.00"), {})
def split_day8(pid):
    # day 8 stopped for an infusion reaction at 0.60 mg and resumed the same afternoon with 0.40 mg: one dose of 1.00 mg
    return (Patient(pid).eligible().dose(d(TODAY, -14), 1.60, at="T08:00:00+09:00")
            .dose(d(TODAY, -7), 0.60, status="stopped").dose(d(TODAY, -7), 0.40, at="T14:00:00+09:00"))
p = split_day8("sd3-day8-interrupted-and-resumed")
scenario(p.pid, "Day 8 interrupted and resumed the same day (0.60 mg stopped + 0.40 mg): one dose; day 15 today on time", p, order("1.00"), {})
p = split_day8("sd4-day8-interrupted-cycle-total")
scenario(p.pid, "Day 8 given in two parts (1.00 mg once in the cycle), day 15 ordered at 1.20 mg: cycle 1 total 3.80 mg over 3.60 mg",
         p, order("1.20"), {"DOSE-3": "critical"}, topics={"DOSE-3": "dose"}, expected={"DOSE-3": "1.00"}, suggested="1.00")
p = (Patient("sd5-day1-two-bags-in-utc").eligible().dose(d(TODAY, -8), 1.00, at="T23:00:00Z")
     .dose(d(TODAY, -7), 0.60, at="T03:00:00Z"))
scenario(p.pid, "Day 1 given from two bags recorded in UTC (23:00Z and 03:00Z: one Tokyo morning): day 8 today on time", p, order("1.00"), {})
# --- the label's groupings and the forms lab data come in (issue 21: defects 6, 8, 9, 10) ------------------------------
def replace_lab(p, loinc, value, unit, ref_high):
    """Yesterday's result of {loinc} replaced by {value} (the lab range {ref_high})."""
    p.res = [r for r in p.res if not (r["resourceType"] == "Observation" and loinc in [c.get("code") for c in r["code"].get("coding", [])])]
    return p.obs(loinc, value, unit, d(TODAY, -1) + "T08:00:00+09:00", ref_high=ref_high)
def coded_adverse(p, system, code, text, grade, date=None):
    """An ongoing AdverseEvent coded (system, code) with its CTCAE grade."""
    adverse(p, text, grade, date=date)
    p.res[-1]["event"] = {"coding": [{"system": system, "code": code, "display": text}], "text": text}
    return p
p = coded_adverse(cycle1(Patient("l01-febrile-neutropenia-day8").eligible(), d(TODAY, -7), (1.60, None, None)),
                  SCT, "409089005", "Febrile neutropenia", 3, date=d(TODAY, -3))
scenario(p.pid, "C1D8 with ongoing grade 3 febrile neutropenia: INFECTION in CTCAE v3.0, so a toxicity hold", p, order("1.00"),
         {"TOX-1": "warning"}, topics={"TOX-1": "hold-toxicity"})
p = coded_adverse(cycle1(Patient("l02-lymphopenia-day8").eligible(), d(TODAY, -7), (1.60, None, None)),
                  SCT, "83320008", "Lymphopenia", 3, date=d(TODAY, -3))
scenario(p.pid, "C1D8 with ongoing grade 3 lymphopenia: BLOOD in CTCAE v3.0, left to the counts, no hold", p, order("1.00"), {})
p = condition(c2("l03-haemolysis-ast-bilirubin", bili=1.92), "http://hl7.org/fhir/sid/icd-10", "D59.1",
              "Autoimmune haemolytic anaemia")
replace_lab(p, "1920-8", 80, "U/L", 30)
scenario(p.pid, "C2D1, active haemolysis: bilirubin 1.6 × and AST 2.7 × ULN both waived by note 1 (info, confirm the cause)", p,
         order("1.60"), {"HEP-2": "info", "VOD-1": "warning"}, topics={"HEP-2": "hold-hepatic"})
p = condition(c2("l04-haemolysis-alt"), "http://hl7.org/fhir/sid/icd-10", "D59.1", "Autoimmune haemolytic anaemia")
replace_lab(p, "1742-6", 75.01, "U/L", 30)
scenario(p.pid, "C2D1, active haemolysis: ALT 75.01 against ULN 30 (just over 2.5 ×) still holds", p, order("1.60"),
         {"HEP-2": "warning"}, topics={"HEP-2": "hold-hepatic"})
p = condition(c2("l05-haemolysis-ast-at-limit"), "http://hl7.org/fhir/sid/icd-10", "D59.1", "Autoimmune haemolytic anaemia")
replace_lab(p, "1920-8", 75, "U/L", 30)
scenario(p.pid, "C2D1, active haemolysis, AST exactly 2.5 × ULN: nothing over the limit, nothing waived", p, order("1.60"), {})
p = condition(c2("l06-gilbert-ast"), "http://hl7.org/fhir/sid/icd-10", "E80.4", "Gilbert syndrome", onset="2010-04-01")
replace_lab(p, "1920-8", 75.01, "U/L", 30)
scenario(p.pid, "C2D1, Gilbert syndrome: AST 75.01 against ULN 30 holds (Gilbert waives bilirubin only)", p, order("1.60"),
         {"HEP-2": "warning"}, topics={"HEP-2": "hold-hepatic"})
def peripheral_answer(p, date, **value):
    """A peripheral blast result (LOINC 26446-5) with no number: a coded value, a string or an interpretation."""
    return p.add(dict({"resourceType": "Observation", "id": p.id("obs"), "status": "final",
        "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "laboratory"}]}],
        "code": {"coding": [{"system": LOINC, "code": "26446-5", "display": "Blasts/100 leukocytes in Blood"}]},
        "subject": p.subject(), "effectiveDateTime": date}, **value))
V3_INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
p = peripheral_answer(cycle1(Patient("l07-cr-blasts-coded-not-detected").eligible(), d(TODAY, -21)).marrow(3, d(TODAY, -3)), d(TODAY, -3),
    valueCodeableConcept={"coding": [{"system": SCT, "code": "260415000", "display": "Not detected"}]})
scenario(p.pid, "C2D1 at 0.5 mg/m²: marrow 3 %, peripheral blasts coded Not detected (SNOMED 260415000) → CR/CRi", p, order("1.00"), {})
p = peripheral_answer(cycle1(Patient("l08-cr-blasts-ja-text").eligible(), d(TODAY, -21)).marrow(3, d(TODAY, -3)), d(TODAY, -3),
    valueCodeableConcept={"text": "検出せず"})
scenario(p.pid, "C2D1 ordered at 0.8 mg/m²: marrow 3 %, peripheral blasts 検出せず (text) → CR/CRi, 0.5 mg/m²", p, order("1.60"),
         {"DOSE-5": "warning"}, topics={"DOSE-5": "dose"}, expected={"DOSE-5": "1.00"}, suggested="1.00")
p = peripheral_answer(cycle1(Patient("l09-cr-blasts-interpretation").eligible(), d(TODAY, -21)).marrow(3, d(TODAY, -3)), d(TODAY, -2),
    interpretation=[{"coding": [{"system": V3_INTERPRETATION, "code": "ND", "display": "Not detected"}]}])
scenario(p.pid, "C2D1 at 0.5 mg/m²: peripheral blasts with only an interpretation ND (not detected) → CR/CRi", p, order("1.00"), {})
p = peripheral_answer(cycle1(Patient("l10-cr-blasts-string").eligible(), d(TODAY, -21)).marrow(3, d(TODAY, -3)), d(TODAY, -3),
    valueString="陰性")
scenario(p.pid, "C2D1 at 0.5 mg/m²: peripheral blasts as a value string 陰性 → CR/CRi", p, order("1.00"), {})
p = peripheral_answer(cycle1(Patient("l11-blasts-detected").eligible(), d(TODAY, -21)).marrow(3, d(TODAY, -3)), d(TODAY, -3),
    valueCodeableConcept={"coding": [{"system": SCT, "code": "260373001", "display": "Detected"}]})
scenario(p.pid, "C2D1 at 0.8 mg/m²: marrow 3 % but peripheral blasts Detected → not CR/CRi, nothing to confirm", p, order("1.60"), {})
V3_GENDER = "http://terminology.hl7.org/CodeSystem/v3-AdministrativeGender"
def alt_per_sex(p, value, system=V3_GENDER, male="M", female="F", general=None):
    """Yesterday's ALT with one reference range per sex (JCCLS: men 42 U/L, women 23 U/L), the men's first."""
    replace_lab(p, "1742-6", value, "U/L", None)
    ranges = [{"high": {"value": 42, "unit": "U/L", "system": UCUM, "code": "U/L"}, "appliesTo": [{"coding": [{"system": system, "code": male}]}]},
              {"high": {"value": 23, "unit": "U/L", "system": UCUM, "code": "U/L"}, "appliesTo": [{"coding": [{"system": system, "code": female}]}]}]
    if general is not None:
        ranges.append({"high": {"value": general, "unit": "U/L", "system": UCUM, "code": "U/L"}})
    p.res[-1]["referenceRange"] = ranges
    return p
p = alt_per_sex(c2("l12-alt-range-for-women"), 58)
scenario(p.pid, "C2D1, a woman's ALT 58 with ranges per sex (men's first): 2.5 × her 23 U/L = 57.5 → hold", p, order("1.60"),
         {"HEP-2": "warning"}, topics={"HEP-2": "hold-hepatic"})
p = alt_per_sex(c2("l13-alt-range-for-men"), 58, system=SCT, male="248153007", female="248152002")
p.res[0]["gender"] = "male"
scenario(p.pid, "C2D1, a man's ALT 58 with ranges per sex (SNOMED): under 2.5 × his 42 U/L → no hold", p, order("1.60"), {})
p = replace_lab(c2("l14-alt-site-default-women"), "1742-6", 57.51, "U/L", None)
scenario(p.pid, "C2D1, a woman's ALT 57.51 with no range: the site's JCCLS ULN for women, 23 U/L → hold", p, order("1.60"),
         {"HEP-2": "warning"}, topics={"HEP-2": "hold-hepatic"})
p = replace_lab(c2("l15-alt-site-default-men"), "1742-6", 57.51, "U/L", None)
p.res[0]["gender"] = "male"
scenario(p.pid, "C2D1, a man's ALT 57.51 with no range: the site's JCCLS ULN for men, 42 U/L → no hold", p, order("1.60"), {})

# a peripheral blast count given only as under a detection limit is neither none nor blasts seen: confirm the response
p = cycle1(Patient("s86-peripheral-blasts-below-limit").eligible(), d(TODAY, -21)).marrow(2, d(TODAY, -3)).obs("26446-5", 1, "%", d(TODAY, -3))
p.res[-1]["valueQuantity"]["comparator"] = "<"
scenario(p.pid, "C2D1: marrow blasts 2 %, peripheral blasts '< 1 %' (under the detection limit): confirm the response", p,
         order("1.60"), {"DOSE-5": "warning"}, topics={"DOSE-5": "dose"})

# --- rule pages: an example patient for each rule no other scenario makes fire (cards/RuleExamples) -------------
p = Patient("s87-no-all-diagnosis").body().cd22().labs().premedication()
scenario(p.pid, "C1D1 with no ALL diagnosis on record", p, order("1.60"), {"ELIG-2": "warning", "START-1": "info"},
         topics={"ELIG-2": "eligibility"})
p = cycle1(Patient("s88-no-liver-tests-after-hsct").body(wdate=d(TODAY, -6)).all().cd22().premedication(), d(TODAY, -60))
p.labs(date=d(TODAY, -6))
p.add({"resourceType": "Procedure", "id": p.id("proc"), "status": "completed", "subject": p.subject(),
       "code": {"coding": [{"system": SCT, "code": "234336002", "display": "Hemopoietic stem cell transplant"}]},
       "performedDateTime": d(TODAY, -20)})
scenario(p.pid, "Chart 20 days after an HSCT that followed inotuzumab, liver tests last 6 days ago", p, None,
         {"VOD-3": "warning", "MOD-4": "warning", "STATUS-1": "info"}, hook="patient-view", topics={"VOD-3": "monitoring"})
# (the next dose would follow a hold of 39 days: MOD-4 beside the regimen status, as for any chart so long after a cycle)
p = c2("s89-bilirubin-before-hsct", bili=1.3).hsct_planned()
scenario(p.pid, "C2D1 with HSCT planned and bilirubin 1.3 mg/dL (ULN 1.2) after cycle 1", p, order("1.60"),
         {"VOD-1": "warning", "VOD-4": "warning", "CYC-2": "info"}, topics={"VOD-4": "vod-risk"})
p = c2("s90-c2d1-no-pancreatic-enzymes")
p.res.pop()   # the lipase of labs(): no pancreatic enzyme within 30 days
scenario(p.pid, "C2D1 with no lipase or amylase within 30 days", p, order("1.60"), {"MON-4": "info"}, topics={"MON-4": "monitoring"})

# The sandbox shows the demo patients by name: believable names instead of "Scenario <id>" (the scenario Bundles keep
# theirs, the tests name patients by id). Kanji and kana (JP Core's IDE and SYL representations) for a patient whose
# chart is Japanese (JLAC10 or µmol/L results); English names for the others. Every scenario patient is a woman.
DEMO_NAMES = {
    "s02-c1d1-wrong-dose": ("Harper", "Olivia"), "s10-c2d1-after-cr": ("Bennett", "Grace"),
    "s14-level1-not-followed": ("Coleman", "Sarah"), "s16-day15-omit": ("Foster", "Megan"),
    "s19-hsct-cycle4": ("Hughes", "Rachel"), "s23-allergy": ("Morgan", "Laura"), "s32-no-premedication": ("Reed", "Hannah"),
    "s33-hem1-anc-900": ("Sullivan", "Claire"), "s39-gilbert": ("Turner", "Natalie"), "s40-vod-active": ("Walsh", "Julia"),
    "s52-conditioning-two-alkylators": ("Brooks", "Emily"), "s55-pv-anc-hold": ("Dawson", "Lucy"),
    "s56-pv-vod-active": ("Ellis", "Karen"), "s57-pv-hsct-after-3-cycles": ("Fletcher", "Anna"),
    "s58-pv-bilirubin-hold": ("Gibson", "Helen"), "s59-pv-toxicity-hold": ("Hayes", "Rebecca"),
    "s60-pv-infusion-severe": ("Jordan", "Melissa"), "s61-pv-no-response": ("Kelly", "Diane"),
    "s62-pv-on-track": ("Lawson", "Amy"), "s63-marrow-only": ("Mitchell", "Susan"),
    "s70-bilirubin-umol-exact": (("中村", "美咲"), ("ナカムラ", "ミサキ")),
}
# The demo page tells each demo patient's story in the page's language: the Japanese of each story, written on its tag's
# display as the FHIR translation extension (the English stays the display).
TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
DEMO_STORIES_JA = {
    "s02-c1d1-wrong-dose": "C1D1 に 1.70 mg をオーダー（予定量 1.60 mg）",
    "s10-c2d1-after-cr": "CR/CRi 達成後の C2D1 を 0.8 mg/m² でオーダー",
    "s14-level1-not-followed": "C2D8 は5日、C2D15 は4日、C3D1 は16日遅れ：C3D1 を減量せずにオーダー",
    "s16-day15-omit": "C2D15 が8日遅れ、振り替える投与日がない：この回は投与しない",
    "s19-hsct-cycle4": "造血幹細胞移植の予定があるのに第4サイクルをオーダー",
    "s23-allergy": "ベスポンサに対する過敏症の記録あり",
    "s32-no-premedication": "前投薬のオーダーがない C1D1：施設の前投薬セットを提示",
    "s33-hem1-anc-900": "C2D1：ANC が投与前の 2,500 から 900/µL に低下 → 休薬",
    "s39-gilbert": "ジルベール症候群でビリルビン 1.6 × ULN：この基準は適用しない（情報）",
    "s40-vod-active": "第1サイクル後に VOD/SOS を発症（ビリルビン 2.8 mg/dL、体重 6.6 % 増加）：投与中止",
    "s52-conditioning-two-alkylators": "イノツズマブ投与後にブスルファンとメルファランをオーダー",
    "s55-pv-anc-hold": "第1サイクル後、ANC 900/µL のカルテ：休薬を示し、次回投与量は出さない",
    "s56-pv-vod-active": "VOD/SOS 発症中（ビリルビン 2.8 mg/dL）のカルテ：中止を示し、次回投与量は出さない",
    "s57-pv-hsct-after-3-cycles": "3サイクル後に造血幹細胞移植を予定しているカルテ：次のサイクルはなし",
    "s58-pv-bilirubin-hold": "ビリルビン 2.0 mg/dL（ULN 1.2）のカルテ：肝機能障害による休薬",
    "s59-pv-toxicity-hold": "グレード2の悪心が続いているカルテ：副作用による休薬",
    "s60-pv-infusion-severe": "重度のインフュージョンリアクション後のカルテ：投与中止",
    "s61-pv-no-response": "3サイクル後も CR/CRi に至らず、移植予定もないカルテ：次のサイクルはなし",
    "s62-pv-on-track": "第1サイクル後、妨げのないカルテ：次回の投与日と投与量を示す",
    "s63-marrow-only": "C2D1：骨髄芽球 3 % だが末梢血芽球の結果がない → 効果判定の確認を",
    "s70-bilirubin-umol-exact": "ビリルビン 33 µmol/L、ULN 22 µmol/L：ちょうど 1.5 倍 → 休薬しない",
    "s74-jp-core-pv-anc-hold": "第1サイクル後、ANC 900/µL の JP Core カルテ：日本語で休薬を示す",
}
def translated(coding, ja):
    coding["_display"] = {"extension": [{"url": TRANSLATION, "extension": [
        {"url": "lang", "valueCode": "ja"}, {"url": "content", "valueString": ja}]}]}

def demo_name(patient, names):
    if isinstance(names[0], tuple):
        (family, given), (family_kana, given_kana) = names
        patient["name"] = [{"extension": [{"url": EN_REP, "valueCode": "IDE"}], "use": "official", "text": f"{family} {given}",
                            "family": family, "given": [given]},
                           {"extension": [{"url": EN_REP, "valueCode": "SYL"}], "use": "official", "text": f"{family_kana} {given_kana}",
                            "family": family_kana, "given": [given_kana]}]
    else:
        family, given = names
        patient["name"] = [{"use": "official", "text": f"{given} {family}", "family": family, "given": [given]}]

os.makedirs(OUT, exist_ok=True)
for pid, title, patient, expect in SCENARIOS:
    with open(f"{OUT}/{pid}.bundle.json", "w", encoding="utf-8") as f:
        json.dump(patient.bundle(title), f, ensure_ascii=False, indent=2); f.write("\n")
    with open(f"{OUT}/{pid}.expect.json", "w", encoding="utf-8") as f:
        json.dump(expect, f, ensure_ascii=False, indent=2); f.write("\n")
    if expect["demo"]:
        # the demo page presets the call from these tags (hook, ordered mg) and says which cards it should show
        demo = json.loads(json.dumps(patient.bundle(title)))   # a copy: the scenario Bundle keeps its name
        if pid in DEMO_NAMES:
            demo_name(demo["entry"][0]["resource"], DEMO_NAMES[pid])
        tags = demo["meta"]["tag"]
        translated(tags[0], DEMO_STORIES_JA[pid])
        tags.append({"system": DEMO + "-call", "code": expect["hook"]})
        if expect["order"]:
            assert expect["order"]["date"] == TODAY and set(expect["order"]) == {"mg", "date"}, pid
            tags.append({"system": DEMO + "-order-mg", "code": expect["order"]["mg"]})
        for other in expect["otherOrders"]:   # other drugs signed in the same call (RxNorm code, "name mg")
            tags.append({"system": DEMO + "-other-order", "code": other["code"], "display": f'{other["display"]} {other["mg"]} mg'})
        tags.append({"system": DEMO + "-expect", "code": "cards",
                     "display": ", ".join(f"{rule} ({indicator})" for rule, indicator in expect["cards"].items()) or "none"})
        with open(f"fhir-resources/demo/{pid}.json", "w", encoding="utf-8") as f:
            json.dump(demo, f, ensure_ascii=False, indent=2); f.write("\n")
print(len(SCENARIOS), "scenarios")
