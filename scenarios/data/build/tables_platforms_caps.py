"""Platform families (2012 dominant type) and per-capability cost/scale parameters.

Platform rule: the family with the largest number of units in the area in 2012; where a fleet
was in transition in 2012 and the outgoing type retired within c.3 years, the incoming
family that defines the fleet from 2013 is named and flagged 'transition' in the source.
Family names are spelled identically across states.
"""

PLATFORM_AREAS = ["fighters", "land_manoeuvre", "helicopters", "frigates", "submarines",
                  "air_defence", "airlift", "air_refuelling", "uas", "mine_countermeasures"]

P = {
 "fighters": {
  "USA": "F-16", "CAN": "F/A-18", "GBR": "Eurofighter", "FRA": "Rafale", "DEU": "Eurofighter",
  "ITA": "Eurofighter", "ESP": "F/A-18", "NLD": "F-16", "BEL": "F-16", "NOR": "F-16",
  "DNK": "F-16", "POL": "F-16", "PRT": "F-16", "GRC": "F-16", "TUR": "F-16", "FIN": "F/A-18",
  "SWE": "Gripen", "CZE": "Gripen", "HUN": "Gripen", "AUT": "Eurofighter", "SVK": "MiG-29",
  "BGR": "MiG-29", "ROU": "MiG-21", "HRV": "MiG-21"},
 "land_manoeuvre": {
  "USA": "M1 Abrams", "CAN": "Leopard 2", "GBR": "Challenger 2", "FRA": "Leclerc",
  "DEU": "Leopard 2", "ITA": "Ariete", "ESP": "Leopard 2", "BEL": "Leopard 1",
  "NOR": "Leopard 2", "DNK": "Leopard 2", "POL": "T-72", "PRT": "Leopard 2", "GRC": "Leopard 2",
  "TUR": "M60", "FIN": "Leopard 2", "SWE": "Leopard 2", "AUT": "Leopard 2", "CZE": "T-72",
  "HUN": "T-72", "SVK": "T-72", "BGR": "T-72", "ROU": "TR-85", "HRV": "M-84", "SVN": "M-84"},
 "helicopters": {
  "USA": "Black Hawk", "CAN": "Bell 412/UH-1", "GBR": "AW101", "FRA": "Cougar/Puma",
  "DEU": "CH-53", "ITA": "Bell 412/UH-1", "ESP": "Cougar/Puma", "NLD": "NH90", "BEL": "NH90",
  "NOR": "Bell 412/UH-1", "DNK": "AW101", "POL": "Mi-8/17", "PRT": "AW101", "GRC": "Bell 412/UH-1",
  "TUR": "Black Hawk", "FIN": "NH90", "SWE": "NH90", "AUT": "Bell 412/UH-1", "CZE": "Mi-8/17",
  "HUN": "Mi-8/17", "SVK": "Mi-8/17", "BGR": "Cougar/Puma", "ROU": "Cougar/Puma",
  "HRV": "Mi-8/17", "SVN": "Bell 412/UH-1", "ALB": "Cougar/Puma", "LVA": "Mi-8/17",
  "LTU": "Mi-8/17", "IRL": "AW139", "ISL": "Cougar/Puma"},
 "frigates": {
  "USA": "Arleigh Burke", "CAN": "Halifax", "GBR": "Type 23/45", "FRA": "La Fayette/Floreal",
  "DEU": "F124/F123", "ITA": "Maestrale/Horizon", "ESP": "F-100 Alvaro de Bazan",
  "NLD": "De Zeven Provincien/M-class", "BEL": "M-class", "NOR": "Fridtjof Nansen",
  "DNK": "Iver Huitfeldt/Absalon", "POL": "OHP", "PRT": "MEKO 200", "GRC": "MEKO 200",
  "TUR": "MEKO 200", "ROU": "Type 22", "BGR": "Wielingen"},
 "submarines": {
  "USA": "Los Angeles/Virginia", "CAN": "Victoria", "GBR": "Astute/Trafalgar", "FRA": "Rubis",
  "DEU": "Type 212A", "ITA": "Type 212A", "ESP": "Agosta", "NLD": "Walrus", "NOR": "Ula",
  "POL": "Kobben", "PRT": "Type 214", "GRC": "Type 209", "TUR": "Type 209", "SWE": "Gotland"},
 "air_defence": {
  "USA": "Patriot", "FRA": "SAMP/T", "DEU": "Patriot", "ITA": "SAMP/T", "ESP": "Patriot",
  "NLD": "Patriot", "NOR": "NASAMS", "FIN": "NASAMS", "GRC": "Patriot", "POL": "S-200",
  "SVK": "S-300", "BGR": "S-300"},
 "airlift": {
  "USA": "C-130", "CAN": "C-130", "GBR": "C-130", "FRA": "C-160", "DEU": "C-160", "ITA": "C-130",
  "ESP": "C-295/CN-235", "NLD": "C-130", "BEL": "C-130", "NOR": "C-130", "DNK": "C-130",
  "POL": "C-295/CN-235", "PRT": "C-295/CN-235", "GRC": "C-130", "TUR": "C-295/CN-235",
  "FIN": "C-295/CN-235", "SWE": "C-130", "AUT": "C-130", "CZE": "C-295/CN-235", "HUN": "An-26",
  "SVK": "An-26", "BGR": "C-27J", "ROU": "C-27J", "HRV": "An-26", "LTU": "C-27J"},
 "air_refuelling": {
  "USA": "KC-135", "CAN": "KC-130", "GBR": "A330 MRTT", "FRA": "KC-135", "DEU": "A310 MRTT",
  "ITA": "KC-767", "ESP": "KC-130", "NLD": "KDC-10", "TUR": "KC-135", "SWE": "KC-130"},
 "uas": {"USA": "MQ-1/MQ-9", "GBR": "MQ-1/MQ-9", "FRA": "Heron", "DEU": "Heron", "ITA": "MQ-1/MQ-9",
         "TUR": "Heron"},
 "mine_countermeasures": {
  "USA": "Avenger", "CAN": "Kingston", "GBR": "Hunt/Sandown", "FRA": "Tripartite",
  "DEU": "Frankenthal", "ITA": "Lerici", "ESP": "Lerici", "NLD": "Tripartite", "BEL": "Tripartite",
  "NOR": "Oksoy/Alta", "DNK": "MSF/Holm", "POL": "Goplo/Kormoran", "GRC": "Hunt/Sandown",
  "TUR": "Tripartite-class hunters", "SWE": "Koster/Landsort", "FIN": "Kuha/Katanpaa",
  "ROU": "Musca", "BGR": "Tripartite", "HRV": "Korcula", "EST": "Hunt/Sandown",
  "LVA": "Tripartite", "LTU": "Hunt/Sandown"},
}

PLATFORM_NOTES = {
 ("GBR", "air_refuelling"): "transition: VC10/TriStar retiring 2013-14, A330 MRTT (Voyager) from 2012",
 ("GBR", "fighters"): "near-tie with Tornado GR4 in 2012; Eurofighter is the type in service to 2035",
 ("DEU", "fighters"): "Tornado numerically larger in 2012 but being cut to 85; Eurofighter is the lasting family",
 ("ITA", "fighters"): "near-tie with Tornado/AMX in 2012",
 ("FRA", "fighters"): "Mirage 2000 family numerically comparable in 2012; Rafale is the lasting family",
 ("NLD", "helicopters"): "transition: 20 NH90 NFH delivered 2010-2014 replace Lynx; CH-47 second family",
 ("BEL", "helicopters"): "transition: NH90 TTH/NFH (8) delivered 2012-2014; A109 utility fleet otherwise largest",
 ("SWE", "helicopters"): "transition: 18 Hkp 14 (NH90) on order; A109 and UH-60M also in service",
 ("FRA", "frigates"): "largest class group by hull count; Horizon/FREMM are the air-defence/ASW core",
 ("ESP", "submarines"): "S-70 Galerna is the Agosta design",
 ("TUR", "mine_countermeasures"): "Aydin-class (Circe/Tripartite-type hunters) - not identical to the Tripartite; named separately",
 ("ITA", "uas"): "MQ-1 Predator and MQ-9 Reaper counted as one family",
 ("GBR", "uas"): "MQ-9 Reaper",
 ("FRA", "uas"): "EADS/IAI Harfang = Heron derivative",
 ("DEU", "uas"): "leased IAI Heron 1",
 ("HRV", "land_manoeuvre"): "M-84 is a T-72 derivative",
 ("SVN", "land_manoeuvre"): "M-84 is a T-72 derivative",
 ("ROU", "land_manoeuvre"): "TR-85 is a T-55 derivative",
 ("ISL", "helicopters"): "coast guard Super Puma",
 ("CAN", "air_refuelling"): "KC-130H numerically dominant; CC-150T Polaris (A310 MRTT) also in service",
 ("SWE", "air_refuelling"): "Tp 84 = C-130H tanker-configured",
}

# ---- capability parameters ----
EUR_USD_2012 = 1.2848   # ECB reference rate, 2012 annual average
GBP_USD_2012 = 1.5853   # Bank of England, 2012 annual average
NOK_USD_2012 = 5.82     # Norges Bank, 2012 annual average (NOK per USD)
# GDP deflators, 2012 = 1 (recalled from Eurostat / BEA; estimate to +-1 %)
EA_DEFL = {2002: 1 / 1.175, 2006: 1 / 1.088, 2007: 1 / 1.062, 2008: 1 / 1.042, 2013: 1.012,
           2014: 1.021, 2015: 1.035, 2018: 1.071, 2023: 1.254, 2024: 1.290}
US_DEFL = {2009: 0.950, 2013: 1.017, 2023: 1.325, 2024: 1.355}
NO_CPI_2003_TO_2012 = 1.18

CAPS = ["land_manoeuvre", "airmobile", "command", "fighters", "air_refuelling", "airlift",
        "helicopters", "uas", "air_defence", "isr", "satcom", "frigates", "submarines",
        "mine_countermeasures", "amphibious"]
CAP_NAMES = {
 "land_manoeuvre": "Land manoeuvre (armour)", "airmobile": "Airmobile / air-assault / airborne",
 "command": "Deployable command (corps-level HQ)", "fighters": "Combat aircraft",
 "air_refuelling": "Air-to-air refuelling", "airlift": "Strategic and tactical airlift",
 "helicopters": "Transport/utility helicopters", "uas": "MALE/HALE unmanned aircraft",
 "air_defence": "Ground-based air and missile defence", "isr": "Manned ISR/AEW/MPA aircraft",
 "satcom": "Military satellite communications", "frigates": "Frigates and destroyers",
 "submarines": "Attack submarines", "mine_countermeasures": "Mine countermeasures",
 "amphibious": "Amphibious ships"}
CAP_UNITS = {
 "land_manoeuvre": "main battle tanks", "airmobile": "brigades",
 "command": "corps HQ (framework-nation share)", "fighters": "aircraft",
 "air_refuelling": "aircraft", "airlift": "aircraft", "helicopters": "helicopters",
 "uas": "air vehicles", "air_defence": "fire units", "isr": "aircraft", "satcom": "satellites",
 "frigates": "ships", "submarines": "boats", "mine_countermeasures": "vessels",
 "amphibious": "ships"}
