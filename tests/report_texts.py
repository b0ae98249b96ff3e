"""Report texts for the tests, written in this project's own words (no article is quoted).

The 2025-11-07 launch as three sources might put it: South Korea's Joint Chiefs of Staff (a
short-range ballistic missile from the Taegwan area, about 700 km, into the East Sea) and Japan
(about 450 km, likely outside its EEZ).
"""

EN_2025_11_07 = (
    "North Korea launched a short-range ballistic missile on November 7, 2025, South Korea's Joint Chiefs of Staff "
    "said. The JCS said the missile was fired from the Taegwan area of North Pyongan Province at about 12:35 p.m. "
    "toward its eastern waters and flew around 700 km before landing in the East Sea. Japan's Ministry of Defense "
    "said the missile flew about 450 km at a maximum altitude of about 80 km and likely fell outside its exclusive "
    "economic zone."
)
KO_2025_11_07 = (
    "합참은 북한이 7일 오후 12시 35분께 평안북도 대관 일대에서 동해상으로 단거리탄도미사일 1발을 발사했다고 밝혔다. "
    "미사일은 약 700km를 비행했다. 일본 방위성은 미사일이 약 450km를 비행해 일본 배타적경제수역(EEZ) 밖에 떨어진 것으로 "
    "추정된다고 밝혔다."
)
JA_2025_11_07 = (
    "防衛省によると、北朝鮮は2025年11月7日午後0時35分頃、北朝鮮西岸付近から弾道ミサイル1発を東方向に発射した。"
    "ミサイルは約450km飛翔し、朝鮮半島東側の我が国の排他的経済水域（EEZ）外に落下したものと推定される。"
    "韓国軍は、ミサイルが平安北道大館付近から発射され、約700km飛行して日本海に落下したと発表した。"
)
