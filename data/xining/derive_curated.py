# Hand-reviewed hours, prices and notes per place. Keys:
#   oh: opening_hours (OSM syntax) or absent = unknown
#   last: last admission, minutes before closing
#   hn: hours_note; pn: price_note; pos: position caveat (places with a position)
#   peak/off: override the research prices (absent = as in the research file)
PEAK_ASSUMPTION = ("assumption: peak season taken as May-Oct (not sourced); the city's source "
                   "article says the 'four venues' close at 19:00 in peak season (not verified)")
C = {
"kumbum_monastery": dict(
    oh="Apr-Oct 07:30-18:30; Nov-Mar 08:00-16:30",
    hn="Apr-Oct 07:30-18:30, Nov-Mar 08:00-16:30 (dyboke, undated blog). Other sources: 08:00-18:00 in summer; older pages 08:00-17:00 with summer closing 1 h later.",
    pn="Peak = Apr 1-Oct 31, off = Nov 1-Mar 31 (dyboke, undated blog); older pages give 80 CNY."),
"qinghai_tibetan_culture_hall": dict(
    oh="08:30-18:00",
    hn="08:30-18:00 from a single undated listing (dongchecha.com), no seasonal split; winter hours not found.",
    pn="60 CNY from a single undated listing (dongchecha.com); off-season price not found."),
"riyue_mountain": dict(
    oh="Apr 15-Oct 15 07:00-19:30; Oct 16-Apr 14 08:30-18:30",
    hn="chinatripedia (undated): 07:00-19:30 from 15 Apr to 15 Oct and 08:30-18:30 from 16 Oct; the end date of the winter period is cut off in the stored copy, taken as 14 Apr (the day before the summer period, as for the prices). Conflicting listings: 08:00-17:00 (islamichina.com), 09:00-17:00 and 07:00-20:00 with last entry 19:00 (guides.qeeq.com). The Ancient Road Museum on the pass: 08:00-18:00 (94trip.com).",
    pn="50 CNY 15 Apr-15 Oct, 30 CNY 16 Oct-14 Apr (chinatripedia, undated). Other quotes: 50 (meipian, 'formerly 5'), 40 (islamichina.com), 25 (older page). The Ancient Road Museum is included in the ticket."),
"zongjiagou": dict(hn="Hours not found.", pn="Price not found.",
    pos="Low-medium confidence: the same source point is also attached to an unrelated site in Guoluo (geocoder reuse); plausible for 日月乡 but verify."),
"danggar_ancient_town": dict(
    oh="08:00-18:00",
    hn="08:00-18:00 all year (xn.bendibao).",
    pn="Walking the streets is free; 30 CNY adult is for the paid sites (npbww listing); another page quotes an 80 CNY combined ticket. Off-season price not found."),
"tangfan_tibetan_town": dict(hn="Hours not found.", pn="Price not found.",
    ),
"zanpu_linka": dict(hn="Hours not found.", pn="Price not found."),
"daheigou": dict(hn="Hours not found.", pn="Price not found."),
"kayang": dict(hn="Hours not found. A winter '林海雪原'/ski product is named by the city's source article only (not verified).", pn="Price not found."),
"shangshanzhuang_flowers": dict(hn="Seasonal (flower fields); hours not found.", pn="Price not found."),
"murong_guzhai": dict(hn="Hours not found.", pn="Price not found."),
"duoba_training_base": dict(hn="Visitor hours not found.", pn="Price not found."),
"laoye_mountain": dict(hn="Hours not found.", pn="Price not found."),
"niangniang_mountain": dict(hn="Hours not found.", pn="Price not found."),
"datong_great_wall": dict(
    hn="china-travelnote says open 'All day', but the same page's generic text says 08:00-18:00, so the hours are left unset. Access points not verified.",
    pn="Free (china-travelnote)."),
"chahanhe_forest_park": dict(
    oh="08:00-17:00",
    hn="08:00-17:00 (undated travel listing, see sources).",
    pn="Ticket not confirmed: an old page gives 50 CNY for Datong National Forest Park; a 2025 page gives parking at 10 CNY."),
"yaozigou": dict(hn="Hours not found.", pn="Price not found."),
"bianmagou_flowers": dict(hn="Hours not found.", pn="Price not found."),
"qinghai_provincial_museum": dict(
    oh="Tu-Su 09:00-17:00; Mo off",
    last=30,
    hn="Museum notice of 2025-12-07: 09:00-17:00, last entry 16:30, closed Monday; trial entry without reservation, with ID. Not one of the city's 'four venues'; a 19:00 closing is not confirmed for this museum.",
    pn="Free (museum notice 2025-12-07)."),
"qinghai_art_museum": dict(
    hn="Regular hours not found. 'Summer-night museum' hours 09:30-21:00 from 2023-07-31 to 2023-09-05 only.",
    pn="Price not stated; a visitor report implies free entry."),
"qinghai_cultural_centre": dict(hn="Hours not found.", pn="Price not found."),
"qinghai_library": dict(
    oh="Tu-Su 09:00-17:30; Mo off",
    hn="Library notice of 2021-11-22 (reopening during the COVID period): Tue-Sun 09:00-17:30, closed Monday; current hours may differ.",
    pn="Price not stated."),
"xining_library": dict(
    oh="May-Oct 09:00-19:00; Nov-Apr 09:00-17:00",
    hn="2026 New Year notice: 09:00-17:00, the 2nd floor open to 21:00, night study room 17:00-24:00; closing days not stated. " + PEAK_ASSUMPTION + "; the 09:00 opening in peak season is also an assumption (taken from the New Year notice).",
    pn="Ticket not stated (public library; free entry assumed by the research, not sourced)."),
"xining_museum": dict(
    oh="May-Oct Tu-Su 09:00-19:00; Nov-Apr Tu-Su 09:00-17:00; Mo off",
    last=30,
    hn="Museum May Day notice of 2025: 09:00-17:00, last entry 16:30, closed Monday. " + PEAK_ASSUMPTION + "; last entry 30 minutes before closing assumed for the peak season too. Real-name entry, online booking.",
    pn="Price not stated (state museum, likely free - not sourced)."),
"xining_cultural_centre": dict(
    hn="Opening time unknown, so no hours are set. The city's source article says the 'four venues' close at 19:00 in peak season (not verified; months not sourced).",
    pn="Price not found."),
"xining_art_gallery": dict(
    hn="Opening time unknown, so no hours are set. The city's source article says the 'four venues' close at 19:00 in peak season (not verified; months not sourced).",
    pn="Price not found."),
"tibetan_medicine_museum": dict(
    oh="May-Sep 09:00-18:00; Oct-Apr 09:00-17:00",
    hn="09:00-18:00 May 1-Sep 30, 09:00-17:00 Oct 1-Apr 30 (chinaviki). A scraped listing of unknown date gives 09:00-18:00 Apr 16-Oct 15 and 09:00-16:00 Oct 16-Apr 15.",
    pn="60 CNY is for the culture (south) hall per a travelogue; the north (medicine) hall is free with booking (chinaviki). No seasonal price found."),
"qt_plateau_nature_museum": dict(
    pos="Low-medium confidence: the point comes from an example in API documentation (DingTalk, address 生物科技产业园区经二路21号), not a map record; GCJ-02 datum inferred. It lies about 300 m from the tibetan_medicine_museum point (经二路36号, same biotech park), which fits the address.",
    oh="09:00-17:00",
    hn="09:00-17:00 (china-travelnote); no seasonal split found.",
    pn="60 CNY (china-travelnote). Half price for children 1.2-1.4 m and students; free under 1.2 m and 65+. Off-season price not found."),
"kunlun_jade_museum": dict(hn="Hours not found.", pn="Price not found."),
"dongguan_mosque": dict(
    oh="08:00-12:00,14:00-17:00",
    hn="08:00-12:00 and 14:00-17:00 per an earlier listing and travelchinaguide.com. Other listings: 08:00-20:00; 09:00-17:00 (slmtour.com). Closed to visitors during prayers; modest dress; no photos in the prayer hall. No seasonal hours found - verify on site.",
    pn="Quoted prices range 0-50 CNY: 25 (zhinanshenghuo), 10 (itourschina, kridol), free (travelchinaguide.com), 50 (slmtour.com). Off-season price not found."),
"beichan_temple": dict(
    oh="08:00-16:30",
    hn="08:00-16:30 all year (gograndchina); china-travelnote gives 08:00-18:00. The grottoes are closed after landslides (viewable from afar).",
    pn="5 CNY all year (see sources)."),
"nanchan_temple": dict(
    oh="07:00-16:50",
    hn="07:00-16:50 daily all year (guides.qeeq.com, undated).",
    pn="Price not stated.",
    pos="Low confidence: a source 'sample point' (qhTravel); 法幢寺 is listed about 30 m away."),
"west_route_army_memorial": dict(hn="Hours not found.", pn="Price not found (typically free - verify)."),
"ma_bufang_mansion": dict(
    oh="May-Oct 08:00-19:00; Nov-Apr 08:30-18:30",
    hn="08:00-19:00 (1 May-31 Oct) and 08:30-18:30 (1 Nov-30 Apr) per islamichina.com; an undated listing gives 08:00-18:30.",
    pn="30 CNY from an undated listing; islamichina.com says 'CNY 3' (typo or old price). Off-season price not found."),
"nanliang_hutai": dict(hn="Hours not found.", pn="No ticket mentioned in the sources (a free park, not confirmed).",
    pos="Low confidence: a source 'sample point' (qhTravel)."),
"nanshan_park": dict(hn="Hours not found.", pn="jd.tootour.com lists 15 CNY (undated, probably stale) - not entered."),
"peoples_park": dict(
    oh="08:00-18:00",
    hn="08:00-18:00 from an old undated listing (echinacities) - verify.",
    pn="The same old listing gives RMB 2; not entered because it is probably stale - verify."),
"xining_botanical_garden": dict(
    oh="08:00-18:00",
    hn="08:00-18:00 all year (travel listings, see sources); a 2012 post gives 08:30-18:00.",
    pn="10 CNY; off-season price not found."),
"gaoyuan_mingzhu": dict(hn="Hours not found. Sphere floors 2-4 are open to visitors (yunzhuan.com).", pn="Price not found."),
"xining_sports_park": dict(hn="Hours not found.", pn="Price not found."),
"haihu_wetland": dict(hn="Hours not found.", pn="No ticket mentioned in the sources (likely a free open park - verify)."),
"ninghu_wetland": dict(hn="Hours not found.", pn="No ticket mentioned in the sources."),
"beichuan_wetland": dict(hn="Hours not found.", pn="No ticket mentioned in the sources."),
"shuijing_lane": dict(hn="Open public street; no fixed hours found.", pn="0 = open public street (free access); no price source.",
    pos="Low confidence: from sample data in a trip-planner repository; GCJ-02 datum inferred from an Amap-style address - verify."),
"mojia_street": dict(hn="Pedestrian food street with a night market (Qunar travelogue); a 2013 blog says stalls close early at night. No fixed hours found.", pn="0 = open public street (free access); no price source."),
"xia_nanguan_street": dict(hn="Open public street; no fixed hours found.", pn="0 = open public street (free access); no price source."),
"tangdao_637": dict(hn="Evening-focused (summer night market); no fixed hours found.", pn="0 = open public street (free access); no price source."),
"limeng_pedestrian_street": dict(hn="Open public street; no fixed hours found.", pn="0 = open public street (free access); no price source."),
"central_square": dict(hn="Open public square; no fixed hours found.", pn="0 = open public square (free access); no price source."),
"xinhualian_dreamland": dict(hn="Hours not found.", pn="Prices not found."),
"hongyegu": dict(hn="Hours not found.", pn="Price not found."),
"qinghai_plateau_wildlife_zoo": dict(
    oh="Apr 01-Oct 09 Mo-Fr 08:30-18:00; Apr 01-Oct 09 Sa,Su 08:30-18:30; Oct 10-Mar 31 Mo-Fr 09:00-17:30; Oct 10-Mar 31 Sa,Su 09:00-18:00",
    hn="Apr 1-Oct 9: Mon-Fri 08:30-18:00, Sat-Sun 08:30-18:30; Oct 10-Mar 31: Mon-Fri 09:00-17:30, Sat-Sun 09:00-18:00 (youxiake).",
    pn="30 CNY 'proposed' price; children 1.2-1.4 m 15 CNY; seniors, disabled people, soldiers and children under 1.2 m free. No separate off-season price found."),
}
