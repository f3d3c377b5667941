"""Hand-entered geography of the 32 states (for geography.csv).

coastline_km: CIA World Factbook 'Coastline' field (values as printed in the 2012-2020 editions,
recalled by the data engineer; NOT re-read this session -> provenance estimate unless noted).
landlocked: the Factbook's list of landlocked states (World entry, 'Maritime claims' note), read via
a copy of the Factbook World entry (http://cultureconnect.com/facts/xx.htm) -> verified.
sea_areas: home (metropolitan) sea areas bordering the state's own territory, coarse vocabulary:
baltic, north_sea, atlantic, mediterranean (incl. Adriatic, Aegean, Ionian), black_sea, arctic,
pacific. Overseas territories are named in notes, not in sea_areas, except where the realm's
navy has a standing task there (DNK: Greenland/Faroes -> arctic, atlantic; USA: Alaska -> arctic).
"""

SEAS = ["baltic", "north_sea", "atlantic", "mediterranean", "black_sea", "arctic", "pacific"]

# iso3: (landlocked, coastline_km, sea_areas, notes)
GEO = {
    "ALB": (False, 362, "mediterranean", "Adriatic and Ionian coasts"),
    "AUT": (True, 0, "", "landlocked; Danube riverine only"),
    "BEL": (False, 66.5, "north_sea", ""),
    "BGR": (False, 354, "black_sea", ""),
    "CAN": (False, 202080, "atlantic;pacific;arctic", "longest coastline in the world"),
    "HRV": (False, 5835, "mediterranean", "Adriatic; 1,777 km mainland + 4,058 km islands"),
    "CZE": (True, 0, "", "landlocked"),
    "DNK": (False, 7314, "baltic;north_sea;atlantic;arctic",
            "metropolitan Denmark: Baltic and North Sea (Skagerrak/Kattegat); the realm adds the "
            "Faroe Islands (atlantic) and Greenland (arctic, atlantic; Greenland's 44,087 km not "
            "included in the coastline figure)"),
    "EST": (False, 3794, "baltic", "incl. islands"),
    "FRA": (False, 4853, "north_sea;atlantic;mediterranean",
            "metropolitan France 3,427 km of the 4,853 km; overseas departments and territories "
            "in the Atlantic/Caribbean, Indian Ocean and Pacific (not listed)"),
    "DEU": (False, 2389, "baltic;north_sea", ""),
    "GRC": (False, 13676, "mediterranean", "Aegean, Ionian, Cretan seas"),
    "HUN": (True, 0, "", "landlocked; Danube riverine EOD/MCM unit only"),
    "ISL": (False, 4970, "atlantic;arctic", "no armed forces; Coast Guard"),
    "ITA": (False, 7600, "mediterranean", "incl. Sicily and Sardinia"),
    "LVA": (False, 498, "baltic", ""),
    "LTU": (False, 90, "baltic", ""),
    "LUX": (True, 0, "", "landlocked"),
    "NLD": (False, 451, "north_sea",
            "European Netherlands; Caribbean parts of the Kingdom (Aruba, Curacao, Sint Maarten, "
            "BES islands) in the Atlantic/Caribbean not listed"),
    "NOR": (False, 25148, "north_sea;atlantic;arctic",
            "Factbook: mainland 2,650 km; incl. long fjords and islands 25,148 km; Svalbard/Jan "
            "Mayen add more; Norwegian and Barents Seas"),
    "POL": (False, 440, "baltic", ""),
    "PRT": (False, 1793, "atlantic", "incl. Azores and Madeira"),
    "ROU": (False, 225, "black_sea", ""),
    "SVK": (True, 0, "", "landlocked; Danube riverine only"),
    "SVN": (False, 46.6, "mediterranean", "Gulf of Trieste/Piran (Adriatic)"),
    "ESP": (False, 4964, "atlantic;mediterranean", "incl. Balearic and Canary Islands"),
    "TUR": (False, 7200, "mediterranean;black_sea",
            "Aegean and Mediterranean coasts plus the Black Sea; controls the Turkish Straits"),
    "GBR": (False, 12429, "north_sea;atlantic",
            "incl. English Channel and Irish Sea; overseas territories (Gibraltar, Cyprus SBAs "
            "in the mediterranean; Falklands; BIOT) not listed"),
    "USA": (False, 19924, "atlantic;pacific;arctic", "incl. Gulf of Mexico, Alaska and Hawaii"),
    "FIN": (False, 1250, "baltic", "Gulf of Finland and Gulf of Bothnia; archipelago"),
    "IRL": (False, 1448, "atlantic", "incl. Irish and Celtic Seas"),
    "SWE": (False, 3218, "baltic;north_sea", "Baltic and Gulf of Bothnia; west coast on Kattegat/Skagerrak"),
}
