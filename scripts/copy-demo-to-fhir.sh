#!/usr/bin/env bash
# Copies the demo patients from the service's embedded sandbox (dates already moved to today) into
# another FHIR server, resource by resource with PUT, keeping their ids.
#   scripts/copy-demo-to-fhir.sh http://localhost:8080/fhir http://localhost:8090/fhir
set -euo pipefail
from=${1:?source FHIR base, e.g. http://localhost:8080/fhir}
to=${2:?target FHIR base, e.g. http://localhost:8090/fhir}
for type in Patient Observation Condition MedicationRequest MedicationAdministration Medication Procedure \
            ServiceRequest AllergyIntolerance AdverseEvent CarePlan; do
  curl -fsS -H 'Accept: application/fhir+json' "$from/$type?_count=500" |
  python3 -c '
import json, sys, subprocess
to, bundle = sys.argv[1], json.load(sys.stdin)
for e in bundle.get("entry", []):
    r = e["resource"]
    url = "/".join([to, r["resourceType"], r["id"]])
    subprocess.run(["curl", "-fsS", "-o", "/dev/null", "-X", "PUT", "-H", "Content-Type: application/fhir+json",
                    "--data-binary", json.dumps(r), url], check=True)
    print("PUT", url)
' "$to"
done
