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
    "arrangements_2012": "id,source_id,capability,form,members,lead,start_year,institution,provider_pays,source,notes",
    "geography": "iso3,landlocked,coastline_km,sea_areas,provenance,source,notes",
    "roles_2012": "iso3,capability,role,reason,source,provenance",
    "war_powers_2012": "iso3,ex_ante_approval,category,provenance,source,notes",
    "rivalries_2012": "state_a,state_b,relation,issue,active_from,active_to,provenance,source,notes",
    "requirement_path": "capability,year,factor,source,provenance,notes",
    "defence_industry_2012": "iso3,capability,line,role,provenance,source,notes",
    "fleet_replacement": "iso3,capability,platform,in_service_from,hull_or_airframe_from,replacement_year,basis,provenance,in_service_provenance,other_fleet,other_in_service_from,other_replacement_year,other_basis,source,notes",
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
                                          "sovereignty_floor": str, "lead": str,
                                          "institution": str, "landlocked": str,
                                          "sea_areas": str, "ex_ante_approval": str,
                                          "category": str, "provenance": str})

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

check(set(a.institution.fillna("")) <= {"", "nato", "eu"}, "arrangements: institution vocab")
for sid in ("NAEW-isr", "AGS-uas", "SAC-C17-airlift"):
    check((a.loc[a.id == sid, "institution"] == "nato").all(), f"arrangements: {sid} must be nato")

# ---------------------------------------------------------------- issue 11/12 tables
EST = {"verified", "estimate"}
NAVAL = {"frigates", "submarines", "mine_countermeasures", "amphibious"}
SEAS = {"baltic", "north_sea", "atlantic", "mediterranean", "black_sea", "arctic", "pacific"}
LANDLOCKED = {"AUT", "CZE", "HUN", "LUX", "SVK"}

g = dfs["geography"]
check(len(g) == 32 and sorted(g.iso3) == sorted(STATES), "geography: not exactly the 32 states")
check(set(g.landlocked) <= {"true", "false"}, "geography: landlocked not true/false")
check(set(g[g.landlocked == "true"].iso3) == LANDLOCKED, "geography: landlocked set")
check(g.coastline_km.notna().all() and (g.coastline_km >= 0).all(), "geography: coastline")
for r in g.itertuples():
    seas = set(split(r.sea_areas))
    check(seas <= SEAS, f"geography: sea vocab {r.iso3}")
    check((r.landlocked == "true") == (not seas) == (r.coastline_km == 0), f"geography: {r.iso3} inconsistent")
check(set(g.provenance) <= EST and g.source.notna().all(), "geography: provenance/source")

ro = dfs["roles_2012"]
ROLES = {"held", "kept_role", "enabler_share", "none"}
check(len(ro) == 480, f"roles: {len(ro)} rows")
check(not ro.duplicated(["iso3", "capability"]).any(), "roles: duplicates")
check(set(ro.iso3) == set(STATES) and set(ro.capability) == set(CAPS), "roles: keys")
check(set(ro.role) <= ROLES, f"roles: vocab {set(ro.role) - ROLES}")
check(set(ro.provenance) <= EST, "roles: provenance")
check(ro[["reason", "source"]].notna().all().all(), "roles: blank reason/source")
rh = ro.merge(h[["iso3", "capability", "quantity"]], on=["iso3", "capability"])
check(((rh.role == "held") == (rh.quantity > 0)).all(), "roles: held must equal quantity > 0")
check(not ((rh.iso3.isin(LANDLOCKED)) & rh.capability.isin(NAVAL) & (rh.role != "none")).any(),
      "roles: naval role in a landlocked state")
check(not ((rh.iso3 == "ISL") & ~rh.role.isin(["none", "held"])).any(), "roles: ISL")

w = dfs["war_powers_2012"]
check(len(w) == 32 and sorted(w.iso3) == sorted(STATES), "war_powers: not exactly the 32 states")
check(set(w.ex_ante_approval.fillna("")) <= {"yes", "partial", "no", ""}, "war_powers: vocab")
check(set(w.category.fillna("")) <= {"", "2.1_comprehensive", "2.2_ex_post", "2.3_limited", "4_other"},
      "war_powers: category vocab")
check(set(w.provenance.fillna("")) <= EST | {""}, "war_powers: provenance")
check(((w.ex_ante_approval.fillna("") == "") == (w.provenance.fillna("") == "")).all(),
      "war_powers: provenance blank iff value blank")
check(w.source.notna().all(), "war_powers: blank source")

rv = dfs["rivalries_2012"]
check(set(rv.relation) <= {"strategic_rivalry", "dispute_active", "dispute_dormant"}, "rivalries: vocab")
check(set(rv.state_a) | set(rv.state_b) <= set(STATES), "rivalries: unknown state")
check((rv.state_a != rv.state_b).all(), "rivalries: self pair")
pair = rv.apply(lambda r: tuple(sorted((r.state_a, r.state_b))) + (r.issue,), axis=1)
check(not pair.duplicated().any(), "rivalries: duplicate pair x issue")
sr = rv[rv.relation == "strategic_rivalry"]
check(len(sr) == 1 and {sr.iloc[0].state_a, sr.iloc[0].state_b} == {"GRC", "TUR"},
      "rivalries: GRC-TUR must be the only strategic rivalry")
for c_ in ("active_from", "active_to"):
    v = pd.to_numeric(rv[c_], errors="coerce")
    check((v.isna() == rv[c_].isna()).all(), f"rivalries: {c_} not a year or blank")
check(set(rv.provenance) <= EST and rv.source.notna().all(), "rivalries: provenance/source")

f = dfs["fleet_replacement"]
check(not f.duplicated(["iso3", "capability"]).any(), "fleet: duplicates")
fneed = {(r.iso3, r.capability) for r in h.itertuples()
         if r.quantity > 0 and r.capability not in ("command", "airmobile")}
check(set(zip(f.iso3, f.capability)) == fneed, "fleet: rows != held state x area (ex command, airmobile)")
check(f.platform.notna().all() and f.in_service_from.between(1940, 2012).all(), "fleet: platform/in_service")
check(f.replacement_year.between(1960, 2060).all(), "fleet: replacement_year range")
check(set(f.basis) <= {"plan_2012", "service_life"}, "fleet: basis vocab")
check(set(f.provenance) <= EST and set(f.in_service_provenance) <= EST, "fleet: provenance vocab")
life = c.set_index("id").service_life_years
for r in f.itertuples():
    start = min(r.in_service_from, r.hull_or_airframe_from) if pd.notna(r.hull_or_airframe_from) else r.in_service_from
    if r.basis == "service_life":
        check(r.replacement_year == start + life[r.capability], f"fleet: formula {r.iso3} {r.capability}")
    if pd.notna(r.other_fleet):
        check(pd.notna(r.other_in_service_from) and pd.notna(r.other_replacement_year)
              and r.other_basis in ("plan_2012", "service_life"), f"fleet: other fleet {r.iso3} {r.capability}")
SIZE19 = ["USA", "GBR", "FRA", "DEU", "ITA", "ESP", "NLD", "BEL", "NOR", "DNK", "POL", "CAN", "TUR",
          "SWE", "FIN", "GRC", "PRT", "ROU", "CZE"]
check(set(SIZE19) <= set(f.iso3), "fleet: a large/medium state is missing")

rp = dfs["requirement_path"]
check(set(rp.capability) <= set(CAPS), f"requirement_path: areas {set(rp.capability) - set(CAPS)}")
check(not rp.duplicated(["capability", "year"]).any(), "requirement_path: duplicate area/year")
check(rp.year.between(2012, 2035).all(), "requirement_path: year outside 2012-2035")
check(rp.factor.notna().all() and (rp.factor >= 1.0).all() and (rp.factor <= 10).all(),
      "requirement_path: factor blank or outside [1, 10]")
check(set(rp.provenance) <= EST, f"requirement_path: provenance {set(rp.provenance) - EST}")
check(rp[["source", "notes"]].notna().all().all(), "requirement_path: blank source/notes")
for area, grp in rp.sort_values("year").groupby("capability"):
    check(grp.factor.is_monotonic_increasing, f"requirement_path: {area} factor falls")

di = dfs["defence_industry_2012"]
check(set(di.iso3) <= set(STATES), f"defence_industry: states {set(di.iso3) - set(STATES)}")
check(set(di.capability) <= set(CAPS), f"defence_industry: areas {set(di.capability) - set(CAPS)}")
check(not di.duplicated(["iso3", "capability", "line"]).any(), "defence_industry: duplicate row")
check(di.line.notna().all() and set(di.role) <= {"prime", "partner"}, "defence_industry: line/role")
check(set(di.provenance) <= EST and di.source.notna().all(), "defence_industry: provenance/source")
# every partner of a line shares it with a prime, or with another partner (a consortium)
for (cap, line), grp in di.groupby(["capability", "line"]):
    check(len(grp) > 1 or (grp.role == "prime").all(),
          f"defence_industry: lone partner {cap} {line}")

for name, df in dfs.items():
    print(f"{name}: {len(df)} rows")
if errors:
    print("FAILED:\n  " + "\n  ".join(errors))
    sys.exit(1)
print("all checks passed")
