"""fleet_replacement.csv: for every state x area held in 2012 (quantity > 0 in holdings_2012.csv,
excluding `command` and `airmobile`, which are HQ shares and brigades, not fleets): the main fleet,
when it entered service and when it is due for replacement.

platform       the family named in platforms.csv where there is one (the dominant or lasting
               family); for isr, satcom and amphibious the largest type. A second fleet whose
               replacement also falls in the model period is given in other_fleet, with
               other_in_service_from and other_replacement_year (other_basis as for basis; for
               second-hand other fleets other_in_service_from is the hull/airframe year).
in_service_from  year the fleet entered service with this state.
hull_or_airframe_from  for second-hand fleets: the year the hulls/airframes first entered service
               with any operator (physical age); blank when the same.
replacement_year  basis `plan_2012`: the replacement (or first successor in service) planned as
               known in 2012 or earlier; basis `service_life`: min(in_service_from,
               hull_or_airframe_from) + service_life_years of capabilities.csv. A service-life
               year <= 2012 means the fleet is due at the start of the model period (often kept
               going by life-extension programmes, named in notes).
Calibration rule: facts from 2013 or later appear only in notes, marked 'later-known', never as a
value. All years are the data engineer's recall (IISS Military Balance, fleet histories) unless
`in_service_provenance` is verified (a source read this session, named in `source`).
"""
import pandas as pd

V_F16 = ("F-16 deliveries: BEL 29 Jan 1979 (kleinebrogelairbase.be); NLD Jun 1979, NOR Jan 1980, "
         "TUR 1987 (Code One history quoted at forum.maidenfans.com/threads/european-politics.15381/page-92)")
V = {
    ("BEL", "fighters"): "kleinebrogelairbase.be: first European-built F-16 delivered to the Belgian Air Force 29 Jan 1979",
    ("NLD", "fighters"): V_F16,
    ("NOR", "fighters"): V_F16,
    ("TUR", "fighters"): V_F16,
    ("NLD", "submarines"): "en.wikipedia.org/wiki/Walrus-class_submarine: 'in service since 1990'",
    ("NLD", "air_refuelling"): "upinthesky.nl 2021 and flugrevue.de: both KDC-10 in service from (end) 1995; DC-10-30CF bought from Martinair 1992",
    ("NLD", "mine_countermeasures"): "wikizero/Wikipedia 'Alkmaar-class minehunter' and marineschepen.nl: in commission 1983-1989",
}

# (iso3, area): (platform, in_service_from, hull_from or None, planned or None, notes,
#                other_fleet or "", other_from or None, other_replacement or None)
F = {
    ("ALB", "helicopters"): ("AS532 Cougar", 2012, None, None, "Bo-105 and AB 205/206 also in service", "", None, None),
    ("BEL", "land_manoeuvre"): ("Leopard 1A5", 1968, None, 2014, "2010 transformation plan: tanks withdrawn by c.2014 without successor (medium wheeled force); replacement_year = planned retirement", "", None, None),
    ("BEL", "fighters"): ("F-16A/B MLU", 1979, None, None, "MLU-extended; 2012-era expectation of end of life c.2020-2025 (recalled, unverified); later-known: F-35A selected Oct 2018, deliveries from 2023", "", None, None),
    ("BEL", "airlift"): ("C-130H", 1972, None, 2016, "A400M (7, plus 1 LUX in a binational unit) ordered 2003; first deliveries expected c.2016 in 2012 (recalled); later-known: first Belgian A400M Dec 2020", "", None, None),
    ("BEL", "helicopters"): ("A109BA (NH90 replacing)", 1992, None, 2013, "NH90 (4 TTH + 4 NFH) ordered 2007, deliveries 2012-14 replace Sea King and part of the A109 fleet", "Sea King Mk48", 1976, 2013),
    ("BEL", "frigates"): ("Karel Doorman (M-class)", 2007, 1991, None, "ex-NLD, Belgian service 2007-08; later-known: joint BE/NL ASW frigate replacement decided 2018", "", None, None),
    ("BEL", "mine_countermeasures"): ("Tripartite (Flower class)", 1985, None, None, "later-known: joint BE/NL rMCM contract 2019 (Naval Group/ECA)", "", None, None),
    ("BGR", "land_manoeuvre"): ("T-72", 1978, None, None, "", "", None, None),
    ("BGR", "fighters"): ("MiG-29", 1990, None, None, "a 2012 request for information on used Western fighters was reported (recalled, unverified); later-known: F-16 Block 70 contract 2019", "", None, None),
    ("BGR", "airlift"): ("C-27J", 2007, None, None, "", "", None, None),
    ("BGR", "helicopters"): ("AS532 Cougar", 2006, None, None, "Mi-17 also in service", "", None, None),
    ("BGR", "air_defence"): ("S-300PMU", 1990, None, None, "", "", None, None),
    ("BGR", "frigates"): ("Wielingen (ex-BEL)", 2008, 1976, None, "bought from Belgium 2005-09", "", None, None),
    ("BGR", "mine_countermeasures"): ("Tripartite (ex-BEL)", 2008, 1986, None, "", "", None, None),
    ("CAN", "land_manoeuvre"): ("Leopard 2A4/A6M", 2007, None, None, "bought/leased 2007 for Afghanistan", "", None, None),
    ("CAN", "fighters"): ("CF-18 Hornet", 1982, None, 2020, "2010 plan: 65 F-35A from c.2016, CF-18 to 2020 (recalled); Dec 2012 'reset' of the F-35 decision; later-known: F-35 chosen 2023", "", None, None),
    ("CAN", "air_refuelling"): ("CC-130H(T) Hercules tanker", 1991, None, None, "also 2 CC-150T Polaris tankers (2008)", "CC-150T Polaris", 2008, 2043),
    ("CAN", "airlift"): ("CC-130J Hercules", 2010, None, None, "older CC-130E/H being retired as the J arrives; CC-177 (C-17) from 2007", "CC-130H Hercules", 1974, 2009),
    ("CAN", "helicopters"): ("CH-146 Griffon (Bell 412)", 1995, None, None, "later-known: Griffon life extension to 2030s", "CH-124 Sea King", 1963, 2015),
    ("CAN", "isr"): ("CP-140 Aurora", 1980, None, 2020, "2008 life extension (ASLEP) for 10 aircraft to c.2020 (recalled); later-known: extension to 2030, P-8A chosen 2023", "", None, None),
    ("CAN", "frigates"): ("Halifax", 1992, None, None, "Halifax modernisation (FELEX) 2010-16 extends to the 2030s; Canadian Surface Combatant in the 2008 plan (recalled)", "Iroquois destroyers", 1972, None),
    ("CAN", "submarines"): ("Victoria (ex-Upholder)", 2000, 1990, None, "bought from the UK 1998, Canadian service 2000-04", "", None, None),
    ("CAN", "mine_countermeasures"): ("Kingston MCDV", 1996, None, None, "", "", None, None),
    ("HRV", "land_manoeuvre"): ("M-84", 1991, 1984, None, "", "", None, None),
    ("HRV", "fighters"): ("MiG-21bis/UMD", 1993, None, None, "overhauled in Ukraine 2003 and 2013-14 (later-known); successor debated from 2010s", "", None, None),
    ("HRV", "airlift"): ("An-26", 1991, None, None, "", "", None, None),
    ("HRV", "helicopters"): ("Mi-8MTV/Mi-171Sh", 1997, None, None, "", "", None, None),
    ("HRV", "mine_countermeasures"): ("Korcula", 2007, None, None, "", "", None, None),
    ("CZE", "land_manoeuvre"): ("T-72M4CZ", 2003, 1985, None, "modernised 2003-06", "", None, None),
    ("CZE", "fighters"): ("JAS 39C/D Gripen (lease)", 2005, None, 2015, "10-year lease (2004) of 14 Gripens from 2005 ends 2015: the stated decision point; later-known: lease extended 2014 to 2027", "", None, None),
    ("CZE", "airlift"): ("C-295M", 2010, None, None, "", "", None, None),
    ("CZE", "helicopters"): ("Mi-171Sh", 2005, None, None, "", "", None, None),
    ("DNK", "land_manoeuvre"): ("Leopard 2A5DK", 1998, None, None, "ex-German 2A4 bought 1997-98, upgraded 2004", "", None, None),
    ("DNK", "fighters"): ("F-16A/B MLU", 1980, None, 2020, "fighter replacement decision postponed in 2010; 2012-era plan: decision c.2015, successor c.2020 (recalled); later-known: F-35A chosen 2016", "", None, None),
    ("DNK", "airlift"): ("C-130J-30", 2004, None, None, "", "", None, None),
    ("DNK", "helicopters"): ("EH101 Merlin", 2007, None, None, "Lynx to be replaced by MH-60R (later-known: ordered 2012-13)", "Lynx Mk90", 1980, 2010),
    ("DNK", "isr"): ("CL-604 Challenger", 2000, None, None, "", "", None, None),
    ("DNK", "frigates"): ("Iver Huitfeldt", 2011, None, None, "Absalon support ships 2004-05", "", None, None),
    ("DNK", "mine_countermeasures"): ("MSF/Holm", 2008, None, None, "", "", None, None),
    ("EST", "mine_countermeasures"): ("Admiral Cowan (ex-Sandown)", 2007, 1989, None, "bought from the UK 2006-07", "", None, None),
    ("FRA", "land_manoeuvre"): ("Leclerc", 1992, None, None, "later-known: Leclerc renovation from 2015", "", None, None),
    ("FRA", "fighters"): ("Rafale", 2001, None, None, "Mirage 2000 fleet being replaced by Rafale under orders placed before 2012", "Mirage 2000", 1984, 2014),
    ("FRA", "air_refuelling"): ("C-135FR/KC-135R", 1964, None, 2017, "MRTT successor planned in the 2008 White Paper (14 aircraft; c.2017 recalled); later-known: MRTT contract 2014, first delivery 2018", "", None, None),
    ("FRA", "airlift"): ("C-160 Transall", 1967, None, 2013, "A400M first French delivery planned 2013", "C-130H", 1987, 2022),
    ("FRA", "helicopters"): ("SA330 Puma / AS532 Cougar", 1969, None, 2011, "NH90 TTH (Caiman) deliveries began 2011-12", "", None, None),
    ("FRA", "uas"): ("Harfang (Heron derivative)", 2008, None, 2014, "interim MALE; successor decision expected 2012-13 (recalled); later-known: MQ-9 bought 2013", "", None, None),
    ("FRA", "air_defence"): ("SAMP/T", 2010, None, None, "", "", None, None),
    ("FRA", "isr"): ("Atlantique 2", 1989, None, None, "E-3F (1991) also; later-known: ATL2 renovation 2013", "E-3F", 1991, 2021),
    ("FRA", "satcom"): ("Syracuse III", 2005, None, None, "later-known: Syracuse IV 2021", "", None, None),
    ("FRA", "frigates"): ("La Fayette", 1996, None, None, "FREMM entering service from Nov 2012 replaces the older destroyers", "Georges Leygues", 1979, 2013),
    ("FRA", "submarines"): ("Rubis SSN", 1983, None, 2017, "Barracuda (Suffren) first boat planned c.2017 (recalled); later-known: delivered 2020", "", None, None),
    ("FRA", "mine_countermeasures"): ("Tripartite (Eridan)", 1984, None, None, "later-known: SLAMF/MMCM with the UK from 2015", "", None, None),
    ("FRA", "amphibious"): ("Mistral", 2006, None, None, "Foudre retired 2011-14", "Foudre/Siroco", 1990, 2025),
    ("DEU", "land_manoeuvre"): ("Leopard 2", 1979, None, None, "upgraded A5/A6; later-known: MGCS with France from 2017", "", None, None),
    ("DEU", "fighters"): ("Eurofighter", 2004, None, None, "Tornado planned to fly to c.2025 in the 2011 reform (recalled)", "Tornado", 1981, 2025),
    ("DEU", "air_refuelling"): ("A310 MRTT", 2004, 1991, None, "A310s in Luftwaffe service from 1991, converted 2004-09; later-known: MMF membership 2017", "", None, None),
    ("DEU", "airlift"): ("C-160 Transall", 1968, None, 2014, "A400M first German delivery planned 2014", "", None, None),
    ("DEU", "helicopters"): ("CH-53G", 1973, None, 2030, "CH-53GA upgrade to keep the fleet to c.2030 (recalled); later-known: CH-47F chosen 2022", "UH-1D", 1967, 2012),
    ("DEU", "uas"): ("Heron 1 (leased)", 2010, None, None, "lease for Afghanistan; later-known: Heron TP lease 2018", "", None, None),
    ("DEU", "air_defence"): ("Patriot", 1989, None, None, "MEADS (TLVS) was the planned successor in 2012 (recalled); later-known: TLVS dropped 2021", "", None, None),
    ("DEU", "isr"): ("P-3C Orion (ex-NLD)", 2006, 1984, None, "later-known: P-8A ordered 2021", "", None, None),
    ("DEU", "satcom"): ("SATCOMBw Stage 2", 2009, None, None, "", "", None, None),
    ("DEU", "frigates"): ("F122 Bremen", 1982, None, 2016, "F125 (4, contracted 2007) to replace F122 from c.2016 (recalled)", "F123 Brandenburg", 1994, 2024),
    ("DEU", "submarines"): ("Type 212A", 2005, None, None, "", "", None, None),
    ("DEU", "mine_countermeasures"): ("Frankenthal/Kulmbach", 1992, None, None, "", "", None, None),
    ("GRC", "land_manoeuvre"): ("Leopard 2A4/2A6HEL", 1998, None, None, "much older M48/M60/Leopard 1 fleets remain", "Leopard 1A4/1A5, M48A5", 1982, 2012),
    ("GRC", "fighters"): ("F-16 Block 30-52+", 1989, None, None, "", "F-4E", 1974, 2004),
    ("GRC", "airlift"): ("C-130B/H", 1975, None, None, "C-27J from 2003", "", None, None),
    ("GRC", "helicopters"): ("UH-1H / AB 205", 1975, None, 2012, "NH90 (20) ordered 2003, deliveries from c.2012 (recalled)", "", None, None),
    ("GRC", "air_defence"): ("Patriot PAC-3", 2000, None, None, "", "", None, None),
    ("GRC", "isr"): ("EMB-145H Erieye", 2008, None, None, "P-3B Orion (1996) mostly grounded", "", None, None),
    ("GRC", "frigates"): ("MEKO 200HN (Hydra)", 1992, None, None, "FREMM lease talks 2009-12 (recalled)", "Elli (Kortenaer)", 1981, 2011),
    ("GRC", "submarines"): ("Type 209", 1971, None, None, "Type 214 (Papanikolis) commissioned 2010 onward", "Type 214", 2010, 2040),
    ("GRC", "mine_countermeasures"): ("Hunt (ex-RN)", 2000, 1980, None, "", "", None, None),
    ("HUN", "land_manoeuvre"): ("T-72", 1978, None, None, "later-known: Leopard 2A7 order 2018", "", None, None),
    ("HUN", "fighters"): ("JAS 39C/D Gripen (lease)", 2006, None, 2016, "10-year lease (2003) ends 2016: the stated decision point; later-known: lease extended 2015 to 2026", "", None, None),
    ("HUN", "airlift"): ("An-26", 1980, None, None, "later-known: A319 2018, KC-390 2024", "", None, None),
    ("HUN", "helicopters"): ("Mi-17", 1993, None, None, "later-known: H225M/H145M 2018", "", None, None),
    ("ISL", "helicopters"): ("AS332 Super Puma (Coast Guard)", 1995, None, None, "Coast Guard, not armed forces", "", None, None),
    ("ISL", "isr"): ("Dash 8 Q300 MPA (Coast Guard)", 2009, None, None, "Coast Guard", "", None, None),
    ("ITA", "land_manoeuvre"): ("Ariete", 1995, None, None, "", "", None, None),
    ("ITA", "fighters"): ("Eurofighter", 2004, None, None, "Tornado/AMX to be replaced by F-35 (90 planned after the 2012 cut; first deliveries c.2015-16)", "Tornado", 1982, 2016),
    ("ITA", "air_refuelling"): ("KC-767A", 2011, None, None, "", "", None, None),
    ("ITA", "airlift"): ("C-130J", 2000, None, None, "C-27J from 2007", "", None, None),
    ("ITA", "helicopters"): ("AB 205/212/412", 1972, None, 2012, "NH90 deliveries from 2007 replacing (recalled)", "", None, None),
    ("ITA", "uas"): ("MQ-1 Predator / MQ-9", 2005, None, None, "", "", None, None),
    ("ITA", "air_defence"): ("SAMP/T", 2012, None, None, "", "", None, None),
    ("ITA", "isr"): ("Breguet Atlantic", 1972, None, 2014, "P-72A (ATR 72 MP) ordered 2008-09 to replace, deliveries from c.2014 (recalled)", "", None, None),
    ("ITA", "satcom"): ("SICRAL 1", 2001, None, 2013, "SICRAL 2 launch planned 2013", "", None, None),
    ("ITA", "frigates"): ("Maestrale", 1982, None, 2013, "FREMM (10 planned) deliveries from 2012-13 replace Maestrale/Lupo", "Horizon (Andrea Doria)", 2008, 2038),
    ("ITA", "submarines"): ("Type 212A (Todaro)", 2006, None, None, "second batch ordered 2008 to replace the Sauro class", "Sauro", 1980, 2016),
    ("ITA", "mine_countermeasures"): ("Lerici/Gaeta", 1985, None, None, "", "", None, None),
    ("ITA", "amphibious"): ("San Giorgio", 1987, None, None, "later-known: LHD Trieste (2015 naval law)", "", None, None),
    ("LVA", "helicopters"): ("Mi-17", 2005, None, None, "", "", None, None),
    ("LVA", "mine_countermeasures"): ("Tripartite (ex-NLD Alkmaar)", 2007, 1983, None, "bought from NLD 2005-08", "", None, None),
    ("LTU", "airlift"): ("C-27J", 2006, None, None, "", "", None, None),
    ("LTU", "helicopters"): ("Mi-8", 1992, None, None, "later-known: AS365 (SAR) 2015, UH-60M 2020", "", None, None),
    ("LTU", "mine_countermeasures"): ("Hunt (ex-RN)", 2011, 1980, None, "", "", None, None),
    ("NLD", "fighters"): ("F-16A/B MLU", 1979, None, 2019, "F-35 (JSF SDD partner 2002) planned to replace from c.2019 (recalled); later-known: 37 F-35A decided Sep 2013, last F-16 retired 2024", "", None, None),
    ("NLD", "air_refuelling"): ("KDC-10", 1995, 1978, None, "DC-10-30CF airframes of the late 1970s (year estimated); later-known: MMF (A330 MRTT) with LUX 2016, KDC-10 retired 2019-21", "", None, None),
    ("NLD", "airlift"): ("C-130H/H-30", 1994, None, None, "2 ex-USN C-130H added 2010; later-known: C-390 chosen 2022", "", None, None),
    ("NLD", "helicopters"): ("NH90 NFH", 2010, None, None, "CH-47D (1995-96) and AS532 Cougar (1996) remain; later-known: CH-47F 2019, H225M 2019", "AS532 Cougar / CH-47D", 1996, 2026),
    ("NLD", "air_defence"): ("Patriot", 1987, None, None, "PAC-3 upgraded 2007 (recalled)", "", None, None),
    ("NLD", "frigates"): ("De Zeven Provincien (LCF)", 2002, None, None, "later-known: ASW frigate replacement of the M-frigates with BEL decided 2018", "Karel Doorman (M)", 1991, 2021),
    ("NLD", "submarines"): ("Walrus", 1990, None, None, "designed for 25 years; life-extension (IOV) programme (recalled); later-known: replacement A-letter 2016, Naval Group chosen 2024", "", None, None),
    ("NLD", "mine_countermeasures"): ("Alkmaar (Tripartite)", 1983, None, None, "later-known: rMCM with BEL contracted 2019", "", None, None),
    ("NLD", "amphibious"): ("Rotterdam/Johan de Witt LPD", 1998, None, None, "Johan de Witt 2007", "", None, None),
    ("NOR", "land_manoeuvre"): ("Leopard 2A4NO", 2001, 1985, None, "ex-NLD; later-known: Leopard 2A7NO order 2023", "", None, None),
    ("NOR", "fighters"): ("F-16A/B MLU", 1980, None, 2017, "F-35A selected Nov 2008; first aircraft to Norway planned c.2017 (recalled)", "", None, None),
    ("NOR", "airlift"): ("C-130J-30", 2008, None, None, "", "", None, None),
    ("NOR", "helicopters"): ("Bell 412SP", 1987, None, None, "NH90 (14, 2001 order) for frigates/coast guard; Sea King SAR successor (AW101) chosen 2013 (later-known)", "Sea King Mk43", 1973, 2018),
    ("NOR", "air_defence"): ("NASAMS", 1994, None, None, "NASAMS II upgrade 2007", "", None, None),
    ("NOR", "isr"): ("P-3C/N Orion", 1989, None, None, "later-known: P-8A chosen 2016-17", "", None, None),
    ("NOR", "frigates"): ("Fridtjof Nansen", 2006, None, None, "", "", None, None),
    ("NOR", "submarines"): ("Ula", 1989, None, 2020, "long-term plan 2012 (Prop. 73 S 2011-12): Ula life to c.2020, successor study (recalled); later-known: Type 212CD with DEU 2017", "", None, None),
    ("NOR", "mine_countermeasures"): ("Oksoy/Alta", 1994, None, None, "", "", None, None),
    ("POL", "land_manoeuvre"): ("T-72M1/PT-91", 1982, None, None, "128 Leopard 2A4 (ex-DEU 2002) also", "Leopard 2A4", 2002, 2032),
    ("POL", "fighters"): ("F-16C/D Block 52+", 2006, None, None, "MiG-29 and Su-22 remain", "MiG-29 / Su-22", 1989, 2019),
    ("POL", "airlift"): ("C-295M", 2003, None, None, "", "", None, None),
    ("POL", "helicopters"): ("Mi-8/Mi-17", 1977, None, 2015, "multirole helicopter tender (c.70) announced 2012 for deliveries from c.2015 (recalled); later-known: Caracal chosen 2015, cancelled 2016", "", None, None),
    ("POL", "air_defence"): ("S-200 Vega", 1986, None, None, "Wisla (medium-range) in the 2013-22 technical modernisation plan (recalled); later-known: Patriot 2018", "", None, None),
    ("POL", "isr"): ("M28 Bryza MPA", 2000, None, None, "", "", None, None),
    ("POL", "frigates"): ("Oliver Hazard Perry (ex-USN)", 2000, 1980, None, "later-known: Miecznik frigates 2021", "", None, None),
    ("POL", "submarines"): ("Kobben (ex-NOR)", 2002, 1964, 2020, "'Orka' new submarines in the 2013-22 modernisation plan (recalled); Kilo Orzel 1986 also", "Kilo (Orzel)", 1986, 2016),
    ("POL", "mine_countermeasures"): ("Goplo/Gardno (Project 207)", 1982, None, 2016, "Kormoran II programme (recalled) to replace; later-known: contract 2013, first ship 2017", "", None, None),
    ("PRT", "land_manoeuvre"): ("Leopard 2A6 (ex-NLD)", 2008, None, None, "", "", None, None),
    ("PRT", "fighters"): ("F-16A/B MLU", 1994, None, None, "", "", None, None),
    ("PRT", "airlift"): ("C-295M", 2009, None, None, "C-130H (1977) remain; later-known: KC-390 ordered 2019", "C-130H", 1977, 2012),
    ("PRT", "helicopters"): ("EH101", 2004, None, None, "", "", None, None),
    ("PRT", "isr"): ("P-3C CUP (ex-NLD)", 2010, 1982, None, "", "", None, None),
    ("PRT", "frigates"): ("MEKO 200 (Vasco da Gama)", 1991, None, None, "2 ex-NLD Karel Doorman (2009-10, hulls 1991) also", "", None, None),
    ("PRT", "submarines"): ("Type 214 (Tridente)", 2010, None, None, "", "", None, None),
    ("ROU", "land_manoeuvre"): ("TR-85M1", 1986, None, None, "", "", None, None),
    ("ROU", "fighters"): ("MiG-21 LanceR", 1997, 1975, 2016, "2012 decision to buy 12 used F-16 from Portugal and retire MiG-21 c.2016-17 (recalled; contract Oct 2013 later-known)", "", None, None),
    ("ROU", "airlift"): ("C-27J", 2010, None, None, "C-130B/H also", "C-130B/H", 1996, 2031),
    ("ROU", "helicopters"): ("IAR 330 Puma/SOCAT", 1977, None, None, "", "", None, None),
    ("ROU", "frigates"): ("Type 22 (ex-RN)", 2004, 1988, None, "", "", None, None),
    ("ROU", "mine_countermeasures"): ("Musca", 1987, None, None, "", "", None, None),
    ("SVK", "land_manoeuvre"): ("T-72M", 1983, None, None, "", "", None, None),
    ("SVK", "fighters"): ("MiG-29", 1993, 1989, None, "Gripen lease talks 2012-15 (recalled); later-known: F-16 Block 70 contract 2018", "", None, None),
    ("SVK", "airlift"): ("An-26", 1985, None, None, "later-known: C-27J 2017", "", None, None),
    ("SVK", "helicopters"): ("Mi-17", 1987, None, None, "later-known: UH-60M 2015", "", None, None),
    ("SVK", "air_defence"): ("S-300PMU", 1990, None, None, "", "", None, None),
    ("SVN", "land_manoeuvre"): ("M-84", 1991, 1990, None, "", "", None, None),
    ("SVN", "helicopters"): ("Bell 412", 1995, None, None, "AS532 Cougar from 2000", "", None, None),
    ("ESP", "land_manoeuvre"): ("Leopard 2A4/2E", 1995, None, None, "Leopard 2E built 2003-08", "", None, None),
    ("ESP", "fighters"): ("EF-18 Hornet", 1986, None, None, "Eurofighter replacing Mirage F1; EF-18 life to c.2025 (recalled)", "", None, None),
    ("ESP", "air_refuelling"): ("KC-130H", 1976, None, None, "A400M (tanker-capable) ordered; later-known: first Spanish A400M 2016", "", None, None),
    ("ESP", "airlift"): ("C-295 / CN-235", 2001, None, None, "C-130H (1973) remain", "C-130H", 1973, 2008),
    ("ESP", "helicopters"): ("AS332 Super Puma / AS532 Cougar", 1982, None, 2013, "NH90 (45 ordered 2006), deliveries from c.2013 (recalled)", "", None, None),
    ("ESP", "air_defence"): ("Patriot (ex-DEU)", 2004, 1989, None, "", "", None, None),
    ("ESP", "isr"): ("P-3 Orion", 1988, None, None, "", "", None, None),
    ("ESP", "satcom"): ("Spainsat", 2006, None, None, "later-known: Spainsat NG contract 2019", "", None, None),
    ("ESP", "frigates"): ("F-100 Alvaro de Bazan", 2002, None, None, "Santa Maria (FFG-7, 1986) also; later-known: F-110 contract 2019", "Santa Maria (FFG-7)", 1986, 2016),
    ("ESP", "submarines"): ("Agosta (Galerna)", 1983, None, 2015, "S-80 first boat planned c.2015 in 2012 (recalled); later-known: S-81 delivered 2023", "", None, None),
    ("ESP", "mine_countermeasures"): ("Segura (Lerici derivative)", 1999, None, None, "", "", None, None),
    ("ESP", "amphibious"): ("Galicia/Castilla LPD", 1998, None, None, "Juan Carlos I LHD 2010", "", None, None),
    ("TUR", "land_manoeuvre"): ("M60", 1983, None, 2017, "national Altay tank (prototype 2012) planned for series production from c.2017 (recalled)", "", None, None),
    ("TUR", "fighters"): ("F-16C/D", 1987, None, None, "F-35 partner (100 planned, recalled); F-4E 2020 also", "F-4E 2020", 1974, 2004),
    ("TUR", "air_refuelling"): ("KC-135R", 1995, None, None, "", "", None, None),
    ("TUR", "airlift"): ("CN-235", 1992, None, None, "A400M (10) to replace C-160/C-130, first delivery planned c.2013-14 (recalled)", "C-160 / C-130", 1971, 2013),
    ("TUR", "helicopters"): ("S-70A/UH-60 Black Hawk", 1990, None, None, "later-known: T-70 Black Hawk contract 2014", "", None, None),
    ("TUR", "uas"): ("Heron", 2010, None, None, "national ANKA MALE in development (recalled)", "", None, None),
    ("TUR", "isr"): ("CN-235 MPA", 2002, None, None, "Boeing 737 AEW&C (Peace Eagle) delayed (later-known: 2014)", "", None, None),
    ("TUR", "frigates"): ("MEKO 200 (Yavuz/Barbaros)", 1987, None, None, "MILGEM corvettes from 2011, TF-2000 planned (recalled); Gabya = ex-USN FFG-7, hulls 1979-83, Turkish service 1997-2003", "Gabya (ex-USN FFG-7)", 1980, None),
    ("TUR", "submarines"): ("Type 209", 1976, None, 2015, "6 Type 214TN (Reis class) contracted 2 Jul 2009, first delivery originally expected 2015; later-known: Piri Reis launched 2019, in service 2024", "", None, None),
    ("TUR", "mine_countermeasures"): ("Aydin class", 2005, None, None, "", "", None, None),
    ("GBR", "land_manoeuvre"): ("Challenger 2", 1998, None, None, "later-known: Challenger 3 2021", "", None, None),
    ("GBR", "fighters"): ("Typhoon", 2003, None, None, "Tornado GR4 out-of-service date c.2019 (SDSR 2010, recalled); F-35B from 2018", "Tornado GR4", 1982, 2019),
    ("GBR", "air_refuelling"): ("Voyager (A330 MRTT, PFI)", 2011, None, None, "VC10 and TriStar retired 2013-14 as planned", "VC10 / TriStar", 1966, 2013),
    ("GBR", "airlift"): ("C-130J", 1999, None, 2022, "SDSR 2010: all C-130s to be withdrawn by 2022 as A400M arrives; later-known: SDSR 2015 extended to 2030, retired 2023", "", None, None),
    ("GBR", "helicopters"): ("Merlin (AW101)", 1998, None, None, "Puma, Chinook, Sea King fleets also; Sea King out of service 2016-18", "Sea King", 1969, 2016),
    ("GBR", "uas"): ("MQ-9 Reaper", 2007, None, None, "'Scavenger' MALE successor planned c.2018 (recalled); later-known: Protector", "", None, None),
    ("GBR", "isr"): ("E-3D Sentry", 1991, None, None, "Sentinel R1 (2008), Rivet Joint from 2014 (ordered 2010)", "", None, None),
    ("GBR", "satcom"): ("Skynet 5", 2007, None, None, "", "", None, None),
    ("GBR", "frigates"): ("Type 23", 1990, None, 2021, "Type 26 Global Combat Ship planned to replace from c.2021 (recalled); Type 45 (2009) also", "Type 45", 2009, 2039),
    ("GBR", "submarines"): ("Trafalgar", 1983, None, None, "Astute (7) replacing, in service from 2010", "", None, None),
    ("GBR", "mine_countermeasures"): ("Hunt / Sandown", 1980, None, None, "MHC programme planned c.2018-2028 (recalled)", "", None, None),
    ("GBR", "amphibious"): ("Albion LPD", 2003, None, None, "Bay LSD(A) 2006, Ocean LPH 1998", "Ocean LPH", 1998, 2033),
    ("USA", "land_manoeuvre"): ("M1 Abrams", 1980, None, None, "continuous upgrades (M1A2 SEP)", "", None, None),
    ("USA", "fighters"): ("F-16C/D", 1979, None, 2016, "F-35A IOC planned 2016 (recalled)", "", None, None),
    ("USA", "air_refuelling"): ("KC-135", 1957, None, 2017, "KC-46A contract 2011, first deliveries planned 2016-17", "", None, None),
    ("USA", "airlift"): ("C-130H", 1974, None, None, "C-130J deliveries ongoing since 1999; C-17 from 1993", "", None, None),
    ("USA", "helicopters"): ("UH-60 Black Hawk", 1979, None, None, "UH-60M ongoing", "", None, None),
    ("USA", "uas"): ("MQ-1 Predator", 1995, None, 2018, "MQ-1 to be replaced by MQ-9 (recalled)", "MQ-9", 2007, 2022),
    ("USA", "air_defence"): ("Patriot", 1984, None, None, "MEADS development ended 2013 without US production (decided 2011)", "", None, None),
    ("USA", "isr"): ("P-3C Orion", 1969, None, 2013, "P-8A IOC planned 2013", "", None, None),
    ("USA", "satcom"): ("WGS", 2007, None, None, "", "", None, None),
    ("USA", "frigates"): ("Arleigh Burke", 1991, None, None, "continued production; Flight III planned", "", None, None),
    ("USA", "submarines"): ("Los Angeles SSN", 1976, None, None, "Virginia at two a year from 2011", "Virginia", 2004, 2034),
    ("USA", "mine_countermeasures"): ("Avenger", 1987, None, None, "LCS MCM mission package planned to replace (recalled)", "", None, None),
    ("USA", "amphibious"): ("Wasp LHD", 1989, None, None, "San Antonio LPD (2006); America LHA delivery planned 2014", "", None, None),
    ("AUT", "land_manoeuvre"): ("Leopard 2A4", 1997, 1985, None, "ex-NLD", "", None, None),
    ("AUT", "fighters"): ("Eurofighter (Tranche 1)", 2007, None, None, "Saab 105 (1970) also", "Saab 105", 1970, 2020),
    ("AUT", "airlift"): ("C-130K (ex-RAF)", 2003, 1967, None, "later-known: C-390 with NLD 2024", "", None, None),
    ("AUT", "helicopters"): ("AB 212", 1980, None, None, "S-70 Black Hawk from 2002", "", None, None),
    ("FIN", "land_manoeuvre"): ("Leopard 2A4 (ex-DEU)", 2003, 1985, None, "later-known: 100 Leopard 2A6 from NLD 2014", "", None, None),
    ("FIN", "fighters"): ("F/A-18C/D Hornet", 1995, None, None, "later-known: HX programme 2015, F-35A chosen 2021", "", None, None),
    ("FIN", "airlift"): ("C-295M", 2007, None, None, "", "", None, None),
    ("FIN", "helicopters"): ("NH90", 2008, None, None, "", "", None, None),
    ("FIN", "air_defence"): ("NASAMS II", 2009, None, None, "Buk-M1 (1996) also", "Buk-M1", 1996, 2026),
    ("FIN", "mine_countermeasures"): ("Katanpaa", 2012, None, None, "Kuha class (1974-75) also", "Kuha", 1974, 2004),
    ("IRL", "helicopters"): ("AW139", 2006, None, None, "", "", None, None),
    ("IRL", "isr"): ("CN-235 MPA", 1994, None, None, "later-known: C295 MPA ordered 2019", "", None, None),
    ("SWE", "land_manoeuvre"): ("Stridsvagn 122 (Leopard 2A5)", 1998, None, None, "", "", None, None),
    ("SWE", "fighters"): ("JAS 39C/D Gripen", 1996, None, 2018, "Riksdag approved 40-60 Gripen E in Dec 2012, first deliveries planned 2018; government order of 60 on 17 Jan 2013; later-known: first Gripen E delivered 2019-22", "", None, None),
    ("SWE", "air_refuelling"): ("Tp 84 (C-130H tanker)", 1981, None, None, "", "", None, None),
    ("SWE", "airlift"): ("Tp 84 (C-130E/H)", 1975, None, None, "", "", None, None),
    ("SWE", "helicopters"): ("Hkp 14 (NH90)", 2007, None, None, "Hkp 16 (UH-60M) bought 2011; Hkp 10 (Super Puma, 1987) retiring", "Hkp 10 Super Puma", 1987, 2017),
    ("SWE", "isr"): ("S 100B Argus / S 102B Korpen", 1997, None, None, "", "", None, None),
    ("SWE", "submarines"): ("Gotland", 1996, None, 2020, "A26 next-generation submarine in planning (recalled); Sodermanland (1989) also; later-known: A26 ordered 2015", "Sodermanland", 1989, 2019),
    ("SWE", "mine_countermeasures"): ("Koster (modernised Landsort)", 1984, None, None, "Koster MLU completed 2009", "", None, None),
}


# 2012-era plans confirmed by a source read this session -> provenance verified
PLAN_V = {
    ("CZE", "fighters"): "archiv.radio.cz 'Army wants to keep Gripens on after 2015' ('after 2015 when the contract expires'); english.radio.cz (lease 'for a decade starting 2005')",
    ("SWE", "fighters"): "srf.ch 'Schweden kauft die Gripen-Flieger' (Riksdag Dec 2012, first aircraft 2018); aviationweek.com 'Sweden approves next-generation Gripen purchase' (Jan 2013)",
    ("GBR", "airlift"): "ukdefencejournal.org.uk 'C-130J fleet to be retained' ('All C-130s were to be withdrawn by 2022'); scramble.nl (Jane's 2019: extension from 2022 to 2030 in SDSR 2015)",
    ("TUR", "submarines"): "turkishnavy.net 6 Jul 2009 and hurriyet.com.tr 4 Jul 2009 (contract); national-pride.org 2015 (first boat originally expected 2015)",
}


def build_fleet(out_dir):
    h = pd.read_csv(out_dir / "holdings_2012.csv")
    caps = pd.read_csv(out_dir / "capabilities.csv").set_index("id").service_life_years
    held = h[(h.quantity > 0) & ~h.capability.isin(["command", "airmobile"])]
    need = set(zip(held.iso3, held.capability))
    assert need == set(F), (sorted(need - set(F)), sorted(set(F) - need))
    rows = []
    for r in held.itertuples():
        key = (r.iso3, r.capability)
        plat, since, hull, planned, notes, other, ofrom, orepl = F[key]
        life = int(caps[r.capability])
        start = min(since, hull) if hull else since
        if planned:
            repl, basis = planned, "plan_2012"
        else:
            repl, basis = start + life, "service_life"
        vsrc = V.get(key)
        src = ("in_service_from: " + vsrc if vsrc else
               "in_service_from: data engineer's recall of fleet histories (IISS Military Balance "
               "2012/2013, national fleet lists), not re-checked")
        psrc = PLAN_V.get(key)
        if psrc:
            src += "; replacement_year: 2012-era plan: " + psrc
        elif basis == "plan_2012":
            src += "; replacement_year: 2012-era plan as recalled (see notes)"
        else:
            src += f"; replacement_year: start + service_life_years {life} (capabilities.csv)"
        rows.append(dict(
            iso3=r.iso3, capability=r.capability, platform=plat, in_service_from=since,
            hull_or_airframe_from=hull or "", replacement_year=repl, basis=basis,
            provenance="verified" if psrc else "estimate", in_service_provenance="verified" if vsrc else "estimate",
            other_fleet=other, other_in_service_from=ofrom or "",
            other_replacement_year=(orepl or ofrom + life) if other else "",
            other_basis=("plan_2012" if orepl and orepl != ofrom + life else "service_life") if other else "",
            source=src, notes=notes))
    df = pd.DataFrame(rows)
    for col in ["hull_or_airframe_from", "other_in_service_from", "other_replacement_year"]:
        df[col] = pd.to_numeric(df[col].replace("", None)).astype("Int64")
    return df
