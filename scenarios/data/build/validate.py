"""Validate the reference data files in scenarios/data/ (schemas, vocabularies, counts)."""
from pathlib import Path
import sys

import pandas as pd

D = Path(__file__).resolve().parent.parent
STATES = ["ALB", "BEL", "BGR", "CAN", "HRV", "CZE", "DNK", "EST", "FRA", "DEU", "GRC", "HUN",
          "ISL", "ITA", "LVA", "LTU", "LUX", "NLD", "NOR", "POL", "PRT", "ROU", "SVK", "SVN",
          "ESP", "TUR", "GBR", "USA", "AUT", "FIN", "IRL", "SWE"]
CAPS = ["land_manoeuvre", "airmobile", "command", "fighters", "air_refuelling", "airlift",
        "helicopters", "uas", "air_defence", "isr", "satcom", "frigates", "submarines",
        "mine_countermeasures", "amphibious"]
PLAT = ["fighters", "land_manoeuvre", "helicopters", "frigates", "submarines", "air_defence",
        "airlift", "air_refuelling", "uas", "mine_countermeasures"]
FORMS = ["joint_hire", "pooling", "procurement_sharing", "operational", "integrated",
         "specialisation"]
GROUPS = {"benelux", "northern_group", "nordefco", "visegrad", "baltic", "weimar"}
PROV = {"data_verified", "data_estimate", "public_estimate", "derived_estimate"}
HEADERS = {
    "states": "iso3,name,nato,eu,groups,capital_lat,capital_lon,budget_2012_musd,gdp_2012_musd,equipment_share,personnel_thousands,culture_expeditionary,culture_atlanticist,culture_parliament_consent,sovereignty_floor,source,notes",
    "budget_index": "iso3,year,index,basis,source",
    "holdings_2012": "iso3,capability,quantity,unit,provenance,source,notes",
    "capabilities": "id,name,unit,unit_cost_musd,unit_cost_basis,service_life_years,om_rate,overhead_musd,scale_exponent,min_viable_scale,alliance_shortfall,source,notes",
    "platforms": "iso3,capability,platform_family,source",
    "arrangements_2012": "id,source_id,capability,form,members,lead,start_year,source,notes",
}
errors = []


def check(cond, msg):
    if not cond:
        errors.append(msg)


def split(v):
    return [x for x in str(v).split(";") if x] if isinstance(v, str) else []


dfs = {}
for name, header in HEADERS.items():
    path = D / f"{name}.csv"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    check(first == header, f"{name}: header mismatch: {first}")
    dfs[name] = pd.read_csv(path, dtype={"nato": str, "eu": str, "groups": str,
                                          "sovereignty_floor": str, "lead": str})

s = dfs["states"]
check(len(s) == 32 and sorted(s.iso3) == sorted(STATES), "states: not exactly the 32 states")
check(set(s.nato) <= {"true", "false"} and set(s.eu) <= {"true", "false"}, "states: nato/eu not true/false")
for c in ["capital_lat", "capital_lon", "budget_2012_musd", "gdp_2012_musd", "equipment_share",
          "personnel_thousands", "culture_expeditionary", "culture_atlanticist",
          "culture_parliament_consent"]:
    check(s[c].notna().all(), f"states: blank {c}")
check((s.budget_2012_musd > 0).all() and (s.gdp_2012_musd > 0).all(), "states: budget/gdp not > 0")
for c in ["equipment_share", "culture_expeditionary", "culture_atlanticist", "culture_parliament_consent"]:
    check(s[c].between(0, 1).all(), f"states: {c} outside [0,1]")
for _, r in s.iterrows():
    check(set(split(r.groups)) <= GROUPS, f"states: bad group {r.iso3} {r.groups}")
    check(set(split(r.sovereignty_floor)) <= set(CAPS), f"states: bad floor id {r.iso3}")
check(s.source.notna().all() and s.notes.notna().all(), "states: blank source/notes")

b = dfs["budget_index"]
check(len(b) == 32 * 13, f"budget_index: {len(b)} rows")
check(set(b.iso3) == set(STATES) and set(b.year) == set(range(2012, 2025)), "budget_index: keys")
check(not b.duplicated(["iso3", "year"]).any(), "budget_index: duplicate keys")
check(b["index"].notna().all() and (b["index"] > 0).all(), "budget_index: blank/non-positive index")
check((b[b.year == 2012]["index"] == 1.0).all() and (b.year == 2012).sum() == 32, "budget_index: 2012 != 1.0")
check(b.basis.notna().all() and b.source.notna().all(), "budget_index: blank basis/source")

h = dfs["holdings_2012"]
check(len(h) == 480, f"holdings: {len(h)} rows")
check(not h.duplicated(["iso3", "capability"]).any(), "holdings: duplicates")
check(set(h.iso3) == set(STATES) and set(h.capability) == set(CAPS), "holdings: keys")
check(h.quantity.notna().all() and (h.quantity >= 0).all(), "holdings: blank/negative quantity")
check(set(h.provenance) <= PROV, f"holdings: provenance {set(h.provenance) - PROV}")
check(h[["unit", "source", "notes"]].notna().all().all(), "holdings: blank unit/source/notes")
held = h[h.quantity > 0].groupby("iso3").capability.apply(set).to_dict()
for _, r in s.iterrows():
    extra = set(split(r.sovereignty_floor)) - held.get(r.iso3, set())
    check(not extra, f"states: floor outside holdings {r.iso3} {extra}")

c = dfs["capabilities"]
check(list(c.id) == CAPS, "capabilities: ids/order")
for col in ["unit_cost_musd", "service_life_years", "om_rate", "overhead_musd", "scale_exponent",
            "min_viable_scale", "alliance_shortfall"]:
    check(c[col].notna().all() and (c[col] >= 0).all(), f"capabilities: blank/negative {col}")
check((c.unit_cost_musd > 0).all(), "capabilities: unit cost must be > 0")
check(((c.scale_exponent > 0.6) & (c.scale_exponent <= 1.0)).all(), "capabilities: scale_exponent range")
check(c.alliance_shortfall.between(0, 1).all(), "capabilities: shortfall range")

p = dfs["platforms"]
check(set(p.capability) <= set(PLAT) and set(p.iso3) <= set(STATES), "platforms: vocab")
check(not p.duplicated(["iso3", "capability"]).any(), "platforms: duplicates")
check(p.platform_family.notna().all(), "platforms: blank family")
need = {(r.iso3, r.capability) for r in h.itertuples() if r.quantity > 0 and r.capability in PLAT}
have = set(zip(p.iso3, p.capability))
check(need == have, f"platforms: mismatch with holdings {sorted(need ^ have)[:5]}")

a = dfs["arrangements_2012"]
check(a.id.is_unique, "arrangements: duplicate ids")
check(set(a.form) <= set(FORMS), f"arrangements: forms {set(a.form) - set(FORMS)}")
check(set(a.capability) <= set(CAPS), "arrangements: capability vocab")
check(a.start_year.notna().all() and (a.start_year <= 2012).all(), "arrangements: start_year")
for r in a.itertuples():
    m = split(r.members)
    check(len(m) >= 2 and len(set(m)) == len(m), f"arrangements: members {r.id}")
    check(set(m) <= set(STATES), f"arrangements: unknown member {r.id}")
    lead = r.lead if isinstance(r.lead, str) else ""
    check(lead == "" or lead in m, f"arrangements: lead not a member {r.id}")

for name, df in dfs.items():
    print(f"{name}: {len(df)} rows")
if errors:
    print("FAILED:\n  " + "\n  ".join(errors))
    sys.exit(1)
print("all checks passed")
