"""roles_2012.csv: the role each state has in each capability area in 2012 (32 x 15 rows).

role:
  held          fields the area in 2012 (quantity > 0 in holdings_2012.csv)
  kept_role     no units counted in the area in 2012, but the role is in the force structure or
                the stated plans of 2012 (a divested platform with the role kept, or the role held
                with systems outside the area's counting rule)
  enabler_share no national fleet; an alliance-wide enabler the state is expected to meet by a fair
                share through common funding (NAEW, AGS, NATO SATCOM, NATO command structure) or
                arrangements (SAC C-17, SALIS, EATC) rather than its own fleet
  none          no role: geography (landlocked -> no naval areas), no armed forces (ISL), or force
                structure without the area and no plan for it
The rules are written below in order; each row's reason names the rule, and `provenance` is
`verified` only where a cited source states the fact the role rests on.
"""
import pandas as pd

NATO = {"ALB", "BEL", "BGR", "CAN", "HRV", "CZE", "DNK", "EST", "FRA", "DEU", "GRC", "HUN", "ISL",
        "ITA", "LVA", "LTU", "LUX", "NLD", "NOR", "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "TUR",
        "GBR", "USA"}
NAVAL = {"frigates", "submarines", "mine_countermeasures", "amphibious"}
LANDLOCKED = {"AUT", "CZE", "HUN", "LUX", "SVK"}
NAEW = {"BEL", "CAN", "CZE", "DNK", "DEU", "GRC", "HUN", "ITA", "LUX", "NLD", "NOR", "POL", "PRT",
        "ROU", "ESP", "TUR", "USA"}
AGS = {"BGR", "CZE", "EST", "DEU", "ITA", "LVA", "LTU", "LUX", "NOR", "ROU", "SVK", "SVN", "USA"}
SAC = {"BGR", "EST", "FIN", "HUN", "LTU", "NLD", "NOR", "POL", "ROU", "SVN", "SWE", "USA"}
SALIS = {"CAN", "CZE", "DNK", "FRA", "DEU", "HUN", "LUX", "NLD", "NOR", "POL", "PRT", "SVK", "SVN",
         "ESP", "SWE", "TUR"}
EATC = {"BEL", "DEU", "FRA", "NLD", "LUX"}
# fighter fleets that can take fuel in flight (boom or probe) and deploy: F-16, F/A-18, Gripen C/D,
# Mirage 2000, Eurofighter, Tornado; MiG-21/MiG-29 of BGR/HRV/ROU/SVK cannot (recalled: estimate)
AAR_CAPABLE = {"BEL", "CZE", "DNK", "GRC", "HUN", "NOR", "POL", "PRT"}

CHICAGO = ("NATO Chicago Summit Declaration, 20 May 2012 (https://www.nato.int/cps/uk/natohq/"
           "official_texts_87593.htm): Smart Defence, AGS, NATO enablers")
HOLD_SRC = "holdings_2012.csv (quantity > 0)"

# hand-entered exceptions: (iso3, area) -> (role, reason, source, provenance)
EXC = {
    ("NLD", "land_manoeuvre"): (
        "kept_role",
        "sold its last Leopard 2A6 tanks in 2011 (Apr-2011 cuts) but kept 13 and 43 Mechanised "
        "Brigades (CV90) in its force structure; later-known, not an input: tank company in the "
        "German 414 tank battalion from 2015-16 and a 2024 decision to rebuy 46 Leopard 2A8",
        "shephardmedia.com 'Dutch MoD sells off CV90s' (2011 cuts discarded all Leopard 2A6); "
        "expatica.com 'Dutch army may lose tanks to budget cuts' (Mar 2011); holdings_2012.csv "
        "NLD land_manoeuvre (data_verified)", "verified"),
    ("CAN", "uas"): (
        "kept_role",
        "leased CU-170 Heron MALE UAVs in Afghanistan 2009-2011 (returned 2011); the JUSTAS MALE/"
        "HALE programme stayed in the plans (options analysis, Dec 2012)",
        "ipolitics.ca 11 Jan 2011 'Military to put unmanned drones on hiatus'; Edmonton Journal 28 "
        "Dec 2012 (D. Pugliese) 'JUSTAS remains in the options analysis phase'", "verified"),
    ("ROU", "submarines"): (
        "kept_role",
        "Kilo-class Delfinul (1985) kept in the fleet list in reserve, inactive since 1995 for want "
        "of batteries; reactivation budgeted in 2005 but not done: a nominal role, not a fleet",
        "Wikipedia 'Romanian submarine Delfinul' (copy a.osmarks.net 2020); bubbleheads.blogspot.com "
        "Aug 2005 (Rompres: EUR 50m reactivation planned)", "verified"),
    ("TUR", "air_defence"): (
        "kept_role",
        "no long-range fire units in 2012 (I-HAWK not counted), but the T-LORAMIDS long-range air "
        "and missile defence tender (since 2007, delayed since 2009) was a stated plan; later-known: "
        "HQ-9 selection 2013, cancelled 2015, S-400 2017-19",
        "defenceforumindia.com copy of Defense News 10 Jun 2012 'Turkey To Buy $5.5B in Weapons'; "
        "armyrecognition.com Dec 2018 ('Since 2007, Turkey is on the process to acquire ... "
        "T-LORAMIDS')", "verified"),
    ("TUR", "amphibious"): (
        "kept_role",
        "amphibious role with LSTs (outside the area's counting rule) and a marine brigade; an LPD "
        "project was in the plans by 2011-12; later-known: LHD Anadolu contract 2013, commissioned 2023",
        "data engineer's recall of the Turkish LPD project (SSM, 2010-11); not checked this session",
        "estimate"),
    ("GRC", "amphibious"): (
        "kept_role",
        "amphibious role held with LSTs (Jason class; outside the area's counting rule) and a "
        "marine brigade; no LPD plan known",
        "data engineer's recall (IISS Military Balance 2012 as commonly quoted)", "estimate"),
    ("CZE", "air_defence"): (
        "kept_role",
        "ground-based air defence regiment with 2K12 Kub (SA-6) and RBS-70 in 2012: the role exists "
        "with systems outside the area's counting rule; replacement of Kub was in the plans "
        "(later-known: SPYDER contract 2020)",
        "data engineer's recall (IISS Military Balance 2012 as commonly quoted)", "estimate"),
    ("HUN", "air_defence"): (
        "kept_role",
        "air defence regiment with 2K12 Kub (SA-6) and Mistral in 2012 (Kub withdrawn c.2013, "
        "recalled): role exists outside the area's counting rule; later-known: NASAMS 2020",
        "data engineer's recall (IISS Military Balance 2012 as commonly quoted)", "estimate"),
    ("ROU", "air_defence"): (
        "kept_role",
        "I-HAWK (bought from NLD c.2008-10) and S-75 in service in 2012: the role exists outside the "
        "area's counting rule; later-known: Patriot 2017",
        "data engineer's recall (IISS Military Balance 2012 as commonly quoted)", "estimate"),
    ("SWE", "air_defence"): (
        "kept_role",
        "Robotsystem 97 (I-HAWK) and RBS 23 in service in 2012: the role exists outside the "
        "area's counting rule; later-known: Patriot decision 2017-18",
        "data engineer's recall (IISS Military Balance 2012 as commonly quoted)", "estimate"),
    ("LUX", "airlift"): (
        "enabler_share",
        "no aircraft in 2012; one A400M on order (2003) to be operated in a binational unit with "
        "Belgium; EATC member from 2012; SALIS participant",
        "arrangements_2012.csv (EATC note, SALIS members); A400M order recalled", "estimate"),
    ("DNK", "submarines"): (
        "none", "submarine service disbanded in 2004 (defence agreement 2005-09); no plan to return",
        "data engineer's recall (Danish defence agreement 2005-2009)", "estimate"),
    ("BGR", "submarines"): (
        "none", "last Romeo-class submarine (Slava) withdrawn 2011; no replacement plan in 2012",
        "data engineer's recall", "estimate"),
    ("DNK", "air_defence"): (
        "none", "I-HAWK disbanded 2004-05 under the defence agreement; no GBAD plan in 2012",
        "data engineer's recall", "estimate"),
    ("CAN", "air_defence"): (
        "none", "ADATS/ground-based air defence retired 2012 with no replacement in the plans",
        "data engineer's recall", "estimate"),
    ("GBR", "air_defence"): (
        "none", "no long-range land-based GBAD role since Bloodhound (1991); area air defence from "
        "Type 45 destroyers and SHORAD (Rapier, Starstreak) outside the area",
        "data engineer's recall", "estimate"),
    ("BEL", "land_manoeuvre"): (
        "held",
        "40 Leopard 1A5 in 2012, but the 2010 transformation plan ends the tank role by c.2014 "
        "(medium wheeled force, Piranha IIIC): role held in 2012, with no successor planned",
        "holdings_2012.csv BEL land_manoeuvre notes", "estimate"),
    ("FIN", "frigates"): (
        "none", "surface combat by fast attack craft (Hamina, Rauma) and minelayers, outside the "
        "area; later-known: Squadron 2000/2020 corvettes (Pohjanmaa, c.4,300 t) decided 2015-19",
        "data engineer's recall", "estimate"),
    ("SWE", "frigates"): (
        "none", "surface combat by Visby corvettes (outside the area); no frigate plan",
        "data engineer's recall", "estimate"),
    ("PRT", "amphibious"): (
        "none", "no LPD/LHD; a multipurpose logistic ship (NavPol) was in the 2006 military "
        "programming law but not funded by 2012 (recalled)", "data engineer's recall", "estimate"),
    ("PRT", "mine_countermeasures"): (
        "none", "no MCM vessels; mine clearance divers only", "data engineer's recall", "estimate"),
    ("NLD", "isr"): (
        "enabler_share", "P-3C Orion MPA sold 2005-06 with no successor; AEW through NATO E-3A "
        "(NAEW participant)", "holdings_2012.csv NLD isr notes; arrangements_2012.csv NAEW-isr",
        "estimate"),
    ("ISL", "helicopters"): (
        "held", "Coast Guard helicopters (Iceland has no armed forces): counted in holdings",
        HOLD_SRC, "estimate"),
    ("ISL", "isr"): (
        "held", "Coast Guard Dash 8 maritime patrol aircraft (no armed forces): counted in holdings",
        HOLD_SRC, "estimate"),
}


def _rule(iso, cap, qty, hprov):
    """Role by rule, for cells without a hand-entered exception."""
    nato = iso in NATO
    if qty > 0:
        return ("held", f"fields the area in 2012 ({qty:g} units)", HOLD_SRC,
                "verified" if hprov == "data_verified" else "estimate")
    if iso == "ISL":
        return ("none", "Iceland has no armed forces (Coast Guard only)",
                "CIA World Factbook, Iceland, 'Military and security': no regular military forces",
                "verified")
    if cap in NAVAL and iso in LANDLOCKED:
        return ("none", "landlocked: no naval role", "geography.csv (CIA World Factbook)", "verified")
    if cap == "isr" and nato:
        why = ("NAEW participant: AEW through the common NATO E-3A fleet" if iso in NAEW else
               "not a NAEW participant in 2012; NATO AEW/ISR coverage is an alliance-wide enabler "
               "(fair share via common funding)")
        return ("enabler_share", why, "arrangements_2012.csv NAEW-isr; " + CHICAGO, "estimate")
    if cap == "uas" and nato:
        why = ("AGS acquisition nation (2012)" if iso in AGS else
               "AGS operated for all allies; operation and support commonly funded")
        return ("enabler_share", why, "arrangements_2012.csv AGS-uas; " + CHICAGO, "estimate")
    if cap == "satcom":
        if nato:
            return ("enabler_share", "NATO SATCOM capability (common-funded NSP2K services from "
                    "national satellites of FRA, ITA, GBR)", CHICAGO + "; NSP2K recalled", "estimate")
        return ("enabler_share", "deploys contingents abroad (EU/UN); satcom met by commercial "
                "hire or partners", "data engineer's judgement", "estimate")
    if cap == "airlift":
        members = [n for n, s in (("SAC C-17", SAC), ("SALIS", SALIS), ("EATC", EATC)) if iso in s]
        if nato or members:
            why = ("member of " + ", ".join(members)) if members else \
                "NATO ally with deployed contingents (ISAF); strategic lift met through allies/charter"
            return ("enabler_share", why, "arrangements_2012.csv (SAC-C17, SALIS, EATC)", "estimate")
        return ("enabler_share", "deploys contingents abroad (UN/EU); lift by charter and partners",
                "data engineer's judgement", "estimate")
    if cap == "air_refuelling":
        if nato and iso in AAR_CAPABLE:
            return ("enabler_share", "air-refuellable fighter fleet deployed with allied tankers "
                    "(e.g. Libya 2011); AAR is a NATO-declared shortfall met by fair share",
                    CHICAGO + "; capabilities.csv alliance_shortfall", "estimate")
        return ("none", "no air-refuellable combat fleet or no expeditionary air role",
                "holdings_2012.csv; platforms.csv (fighter family)", "estimate")
    if cap == "command":
        if nato:
            return ("enabler_share", "no corps-HQ framework share; staffs NATO command structure "
                    "and multinational HQs (common-funded)", "holdings_2012.csv command; "
                    "NATO force structure (recalled)", "estimate")
        return ("none", "not in NATO's force structure; EU battlegroup HQs are below corps level",
                "data engineer's judgement", "estimate")
    if cap == "fighters":
        ap = " (NATO air policing by allies: access, not a national requirement)" if nato else ""
        return ("none", "no combat air force in 2012 and no plan" + ap,
                "holdings_2012.csv; arrangements_2012.csv BALTIC-AP", "estimate")
    return ("none", "not in the 2012 force structure and no stated plan (data engineer's reading)",
            "holdings_2012.csv (quantity 0); IISS Military Balance 2012 as commonly quoted, recalled",
            "estimate")


def build_roles(out_dir):
    h = pd.read_csv(out_dir / "holdings_2012.csv")
    rows = []
    for r in h.itertuples():
        key = (r.iso3, r.capability)
        role, reason, src, prov = EXC[key] if key in EXC else _rule(r.iso3, r.capability,
                                                                       r.quantity, r.provenance)
        if key in EXC and role == "held":
            assert r.quantity > 0, key
        if key in EXC and role != "held":
            assert r.quantity == 0, key
        rows.append(dict(iso3=r.iso3, capability=r.capability, role=role, reason=reason,
                         source=src, provenance=prov))
    return pd.DataFrame(rows)
