"""Text written for the demo issue from the facts in facts.json, keyed like the facts.

None of it is the printed newsletter's prose: article bodies, standfirsts, captions, the foreword
and event summaries are written afresh from the facts (events' summary_facts, photos' depicts,
people's titles). Official titles come out in full at first mention, short form after.
"""

ISSUE = {
    "number": 1,
    "slug": "october-2016-may-2017",
    "title": "Newsletter",
    "foreword": [
        "<p>This issue covers the work of the United Nations Liaison Office for Peace and Security "
        "(UNLOPS) and its partners in Brussels from October 2016 to May 2017: the first months in "
        "office of Secretary-General António Guterres, which closed with his first address to the "
        "plenary of the European Parliament.</p>",
        "<p>Over these eight months the UN and the European Union met at the UN-EU Steering "
        "Committee on Crisis Management, held their yearly dialogues on conflict prevention and on "
        "counter-terrorism, and received a steady stream of senior UN officials in Brussels. The "
        "new Under-Secretary-General for Peacekeeping Operations (USG), Jean-Pierre Lacroix, came "
        "in May. The EU, for its part, pressed ahead with its security and defence agenda while "
        "preparing for the United Kingdom's withdrawal.</p>",
        "<p>The articles that follow report on these meetings and on the questions before them: "
        "gaps in peacekeeping capabilities, the Sahel, Libya, the Central African Republic and the "
        "prevention of mass atrocities. A closing section records the office's own briefings and "
        "outreach.</p>",
    ],
}

ARTICLES = {
    "sg-ep-and-hrvp-security-council": {
        "standfirst": (
            "Within eight days in May 2017, the UN Secretary-General spoke to the European "
            "Parliament and the EU's High Representative reported to the Security Council: two "
            "occasions on which each organisation set out what it values in the other."
        ),
        "body": [
            "<p>On 17 May 2017 United Nations Secretary-General António Guterres spoke to the "
            "plenary of the European Parliament in Strasbourg, the first time he had done so since "
            "taking office. He gave the European Union his firm backing, arguing that the United "
            "Nations cannot be effective unless Europe is strong and united, and he thanked the EU "
            "for standing by multilateralism and for what it gives to development, humanitarian "
            "action and peace and security.</p>",
            "<p>As examples of that engagement he cited the EU's role on Libya, its funding of the "
            "African Union Mission in Somalia (AMISOM), and its money, training and capacity "
            "building for the Central African Republic and Mali; he added that he counted on an EU "
            "contribution to the G5 Sahel Joint Task Force. Conflicts today, he observed, drag on "
            "for longer and are ever more entangled with regional and global threats such as "
            "terrorism, which makes it all the more necessary for the two organisations to act "
            "together. Members of the European Parliament (MEPs) rose to give him a standing "
            "ovation, and the President of the European Parliament, Antonio Tajani, gave an "
            "assurance that the EU would stay committed to the partnership.</p>",
            "<p>Eight days earlier, on 9 May 2017, the High Representative of the European Union "
            "for Foreign Affairs and Security Policy and Vice-President of the European Commission "
            "(HR/VP), Federica Mogherini, gave the Security Council her yearly briefing in New "
            "York. She described the steps by which the EU has become a stronger partner for the "
            "UN in peace and security. The EU Global Strategy, adopted in June 2016 in place of "
            "the European Security Strategy of 2003, was followed in November 2016 by the "
            "Implementation Plan on Security and Defence; and on 6 March 2017 the EU decided to "
            "create a Military Planning and Conduct Capability to run its non-executive military "
            "missions, such as the training missions in the Central African Republic, Mali and "
            "Somalia.</p>",
            "<p>The HR/VP also presented the new European Defence Fund, which is to finance "
            "defence research as well as capabilities and to give member states a reason to take "
            "up Permanent Structured Cooperation. Among the next tasks she listed a Coordinated "
            "Annual Review on Defence and work on civilian capabilities, a standing capacity among "
            "them. On the day of the briefing she met the Secretary-General at UN "
            "Headquarters.</p>",
        ],
    },
    "new-head-of-dpko-engages-european-partners": {
        "standfirst": (
            "In his first weeks at the head of UN peacekeeping, Jean-Pierre Lacroix met EU defence "
            "ministers in Malta and Belgian and NATO counterparts in Brussels, and asked European "
            "partners to help close the UN's capability gaps."
        ),
        "body": [
            "<p>Jean-Pierre Lacroix, who succeeded Hervé Ladsous as Under-Secretary-General for "
            "Peacekeeping Operations (USG) on 1 April 2017, briefed EU Defence Ministers at their "
            "informal meeting in Valletta, Malta, on 26 April 2017, in the presence of the High "
            "Representative of the European Union for Foreign Affairs and Security Policy and "
            "Vice-President of the European Commission (HR/VP), Federica Mogherini. He explained "
            "the priorities of Secretary-General António Guterres and the capabilities that UN "
            "peacekeeping operations still lack, and met several of the ministers bilaterally.</p>",
            "<p>USG Lacroix made his first visit to Brussels in his new post on 4–5 May 2017. He "
            "saw senior EU officials and, on 5 May, the Minister of Defence of Belgium, Steven "
            "Vandeput, with whom he looked at fields in which the UN and Belgium could work "
            "together. With the Assistant Secretary-General for Political Affairs (ASG), Miroslav "
            "Jenča, he co-chaired the yearly staff talks between the UN and NATO. These dealt with "
            "technical cooperation: training and exercises, counter-IED work and women, peace and "
            "security.</p>",
            "<p>Interviewed by Radio France Internationale on 5 May 2017, the USG said that the "
            "UN's partners in the European Union could do a great deal to make up for its shortage "
            "of critical enablers. He named helicopters first, then intelligence, surveillance and "
            "the means to counter improvised explosive devices, and said that EU Defence Ministers "
            "had responded to these needs with real encouragement.</p>",
            "<p>More meetings lie ahead. European Defence Ministers and senior EU and NATO "
            "officials are expected in Vancouver, Canada, on 14–15 November 2017 for the 2017 UN "
            "Peacekeeping Defence Ministerial. It follows up the pledges made by European "
            "countries, the EU and NATO at the Leaders' Summit on peacekeeping in 2015 and at the "
            "London Ministerial on peacekeeping in 2016. Before that, on 6–7 July 2017, the EU and "
            "NATO will attend the UN Chiefs of Defence (CHODs) Conference at UN Headquarters in "
            "New York, the successor to the first such conference in 2015.</p>",
        ],
    },
    "un-eu-conflict-prevention-dialogue": {
        "standfirst": (
            "The UN and the EU met in Brussels on 23 March 2017 for their third yearly dialogue on "
            "conflict prevention, this time asking what it takes to sustain peace."
        ),
        "body": [
            "<p>Meeting in Brussels on 23 March 2017 for the third year running, the UN-EU "
            "Conflict Prevention Dialogue looked at the building blocks of sustaining peace and "
            "took stock of the tools each organisation uses to head off conflict. Three questions "
            "ran through the day: how to create conditions in which prevention can work, how to "
            "strengthen resilience, and how the two organisations can work in an integrated "
            "way.</p>",
            "<p>Two frameworks served as reference points: the EU's integrated approach to "
            "conflicts and crises, and the Joint UNDP-DPA Programme on Building National "
            "Capacities for Conflict Prevention, which the United Nations Development Programme "
            "(UNDP) and the Department of Political Affairs (DPA) run together.</p>",
            "<p>In preparation, the Council Working Party on the United Nations (CONUN) heard from "
            "Stephen Jackson, of the Policy and Mediation Division of DPA, on conflict prevention "
            "and mediation, and on the fields in which the UN and the EU already cooperate.</p>",
        ],
    },
    "un-eu-steering-committee-on-crisis-management": {
        "standfirst": (
            "At their 21st meeting on crisis management, in New York on 16 March 2017, the UN and "
            "the EU endorsed a framework for mutual support and agreed to plan together for rapid "
            "response."
        ),
        "body": [
            "<p>The UN-EU Steering Committee on Crisis Management, which meets twice a year, held "
            "its 21st session at UN Headquarters in New York on 16 March 2017. Its co-chairs were "
            "Hervé Ladsous, then Under-Secretary-General for Peacekeeping Operations (USG), and "
            "Pedro Serrano, Deputy Secretary General for Crisis Response and CSDP of the European "
            "External Action Service (EEAS). The Under-Secretary-General for Political Affairs, "
            "Jeffrey Feltman, also took part.</p>",
            "<p>The session produced concrete results. The two organisations gave their "
            "endorsement to a joint framework agreement on mutual support, and committed "
            "themselves to developing joint planning modalities so that they can respond rapidly "
            "to a crisis together, a sign of how much the partnership now counts in peacekeeping "
            "and crisis management. The EU restated its support for a strong United Nations and "
            "for the new Secretary-General, António Guterres.</p>",
            "<p>On Mali, both sides undertook to work together more closely in the field and to "
            "back the regional efforts of the G5 Sahel jointly. In the Central African Republic "
            "they will cooperate on security sector reform, with the national authorities in the "
            "lead. They also compared their readings of the situations in Libya and Somalia, and "
            "discussed cooperation among the UN, the EU and the African Union (AU) as well as the "
            "AU-UN Joint Review on the African Union Mission in Somalia (AMISOM).</p>",
        ],
    },
    "brussels-political-update": {
        "standfirst": (
            "The United Kingdom's withdrawal, elections in several member states and the EU's "
            "response to crises from Libya to Syria filled the agenda in Brussels between October "
            "2016 and May 2017."
        ),
        "body": [
            "<p>By triggering Article 50 of the Lisbon Treaty on 29 March 2017, the United Kingdom "
            "formally set its withdrawal from the European Union in motion. In April the other 27 "
            "member states approved negotiating guidelines drawn up by the President of the "
            "European Council, Donald Tusk. Like the European Parliament, which passed a "
            "resolution to the same effect and will have to consent to the final agreement, they "
            "want the talks taken in phases: first citizens' rights, the UK's financial "
            "obligations and the protection of the Good Friday Agreement, and only then trade. "
            "London would rather negotiate everything at once. Serious negotiations are expected "
            "after the UK's snap elections of 8 June 2017. The withdrawal was also a backdrop to "
            "the Rome Summit of 25 March 2017, held for the 60th anniversary of the Treaty of "
            "Rome, before which the President of the European Commission, Jean-Claude Juncker, "
            "published a White Paper on the Future of Europe that raised the prospect of a "
            "multi-speed Europe.</p>",
            "<p>Brussels followed national elections closely. In the Netherlands, the People's "
            "Party for Freedom and Democracy (VVD) of Prime Minister Mark Rutte won clearly over "
            "the far right; in France, Emmanuel Macron, who campaigned on a pro-European "
            "programme, took the second round of the presidential election by a wide margin. Both "
            "outcomes were well received in the EU institutions. In mid-January 2017 Martin "
            "Schulz, a centre-left politician, stepped down as President of the European "
            "Parliament to challenge Chancellor Angela Merkel in Germany's elections later in the "
            "year; the centre-right Member of the European Parliament (MEP) Antonio Tajani "
            "succeeded him.</p>",
            "<p>The Eastern Partnership remained a priority, with visa liberalisation for Georgia "
            "and Ukraine. In December 2016, EU leaders accepted a proposal from Prime Minister "
            "Rutte: a legally binding declaration on the EU-Ukraine Association Agreement. It "
            "answers the Dutch referendum of April 2016 by stating that the agreement is not "
            "necessarily a step towards EU membership. The Western Balkans also stayed on the "
            "Union's agenda.</p>",
            "<p>Malta held the rotating Presidency of the Council of the European Union for the "
            "first time from January 2017. EU leaders adopted the Malta Declaration on 3 February "
            "2017. It came with 200 million euros, to be programmed through the Africa Trust Fund "
            "for North Africa, for action on the Central Mediterranean Route, including for "
            "migrants who cross Libya. On Libya itself, the EU has consistently supported UN "
            "mediation and the United Nations Support Mission in Libya (UNSMIL), contributes "
            "through Operation Sophia, and sits in the Quartet on Libya alongside the UN, the "
            "League of Arab States and the African Union.</p>",
            "<p>The EU also brought donors together. At its conference on Syria on 5 April 2017, "
            "which the UN Secretary-General attended, pledges for the country for 2017 exceeded "
            "six billion euros. The conference on the Central African Republic on 17 November 2016 "
            "had earlier raised pledges of more than USD 2.2 billion (see the article on it in "
            "this issue). In December 2016 the EU launched a new Trust Fund for Colombia, worth 95 "
            "million euros.</p>",
        ],
    },
    "un-eu-political-dialogue-on-counter-terrorism": {
        "standfirst": (
            "UN and EU counter-terrorism officials compared threat assessments and priorities at "
            "their yearly political dialogue in Brussels on 3 March 2017."
        ),
        "body": [
            "<p>The yearly UN-EU Political Dialogue on Counter-Terrorism met in Brussels on 3 "
            "March 2017. Representatives of the two organisations brought each other up to date on "
            "their efforts against terrorism and to prevent violent extremism, presented their "
            "assessments of the threat and their policy priorities, and picked out fields in which "
            "they could do more together.</p>",
            "<p>Jehangir Khan, Director of the UN Counter-Terrorism Implementation Task Force and "
            "Director of the UN Counter-Terrorism Centre, led the UN side and met several of his "
            "EU counterparts separately.</p>",
            "<p>The dialogue came as both organisations give the subject more weight in their "
            "structures: the European Commission now has a Commissioner for the Security Union, "
            "and the UN General Assembly has before it a proposal to create a new UN office for "
            "counter-terrorism.</p>",
        ],
    },
    "nato-update": {
        "standfirst": (
            "NATO leaders met in Brussels on 25 May 2017, while cooperation between NATO and the "
            "EU kept widening."
        ),
        "body": [
            "<p>When NATO Heads of State and Government met in Brussels on 25 May 2017, their "
            "priorities were the fight against terrorism and a fairer sharing of the defence "
            "burden between the two sides of the Atlantic. The new President of the United States, "
            "Donald Trump, and the new President of France, Emmanuel Macron, attended. Montenegro, "
            "which has since become the Alliance's 29th member, was at the table, and Romania "
            "announced that in 2017 it would spend 2% of its GDP on defence, which will make it "
            "one of six Allies to reach that goal.</p>",
            "<p>Earlier in the year, on 15–16 February 2017, NATO Defence Ministers agreed to "
            "reinforce the Alliance's presence around the Black Sea, adopted a Cyber Defence plan "
            "and chose to set up a hub at NATO Joint Force Command Naples for intelligence "
            "gathering and situational awareness on the Mediterranean. Libya's Government of "
            "National Accord has, for its part, asked NATO for advice on building its defence and "
            "security institutions.</p>",
            "<p>NATO and the EU now work together on subjects from cyber security to the "
            "Mediterranean. Addressing the European Parliament on 3 May 2017, the Secretary "
            "General of NATO, Jens Stoltenberg, described such cooperation as the normal way of "
            "working today. He spoke alongside David McAllister, Chair of the European Parliament "
            "Committee on Foreign Affairs.</p>",
        ],
    },
    "high-level-visits": {
        "standfirst": (
            "Senior UN officials came to Brussels throughout the period to meet counterparts in "
            "the EU institutions, at NATO and among the member states."
        ),
        "body": [
            "<p>The visits are listed in order of date, each with the visitor, the dates and the "
            "people and bodies met.</p>",
            "<ul><li><strong>Under-Secretary-General for Political Affairs (USG) Jeffrey "
            "Feltman</strong>, Brussels, early October 2016. Met the then Deputy Secretary General "
            "of NATO, Alexander Vershbow; the Secretary General of the European External Action "
            "Service (EEAS), Helga Schmid; the Ambassadors of the EU Political and Security "
            "Committee (PSC); and Didier Reynders, Deputy Prime Minister and Minister of Foreign "
            "Affairs and European Affairs of Belgium. Subjects: conflict prevention, horizon "
            "scanning and practical UN-EU cooperation in the field; his hosts also asked how the "
            "UN's peace and security reforms were progressing.</li><li><strong>Special "
            "Representative of the Secretary-General (SRSG) and Head of the United Nations Office "
            "for West Africa and the Sahel (UNOWAS) Mohamed Ibn Chambas</strong>, Brussels, 17–18 "
            "October 2016. Asked the EU to keep supporting the Cameroon-Nigeria Mixed Commission, "
            "above all its work on demarcating the border. Met senior counterparts at the EEAS and "
            "at the European Commission's Directorate-General for International Cooperation and "
            "Development (DG DEVCO), and briefed the PSC.</li><li><strong>SRSG and Head of the "
            "United Nations Support Mission in Libya (UNSMIL) Martin Kobler</strong>, Brussels, "
            "November 2016. Met the High Representative of the European Union for Foreign Affairs "
            "and Security Policy and Vice-President of the European Commission (HR/VP), Federica "
            "Mogherini; the EEAS Deputy Secretary General for Crisis Response and CSDP (DSG), "
            "Pedro Serrano; and the EEAS Libya Planning Team. Subjects: Libya's difficult "
            "situation, possible scenarios for EU engagement there, and protection and help for "
            "vulnerable migrants. SRSG Kobler briefed the PSC on 24 January 2017; in February 2017 "
            "the EU began a strategic review of the European Union Integrated Border Management "
            "Assistance Mission in Libya (EUBAM), Operation Sophia and the EU Liaison and Planning "
            "Cell in Tunis. On 23 May 2017 he was back in Brussels to represent the UN at the "
            "meeting of the Quartet on Libya hosted by the EU, with the HR/VP, the Secretary "
            "General of the League of Arab States, Ahmed Abo El-Gheit, and the High Level "
            "Representative of the African Union to Libya, Jakaya "
            "Kikwete.</li><li><strong>Director of the Policy and Mediation Division, Department of "
            "Political Affairs (DPA), Teresa Whitfield</strong>, Brussels, February 2017. Took "
            "part on 14 February in the International Conference on Mediation, a high-level "
            "meeting convened by the Belgian Ministry of Foreign Affairs, which the Special Envoy "
            "of the Secretary-General for Syria, Staffan de Mistura, also attended. Met PSC "
            "Ambassadors at a meeting hosted by Finland, and EEAS officials, among them Stefano "
            "Tomat, Head of the newly created EEAS Division for Prevention of conflicts, Rule of "
            "law, SSR, Integrated approach, Stabilisation and Mediation (PRISM), and Lotte "
            "Knudsen, the EEAS Managing Director for Human Rights, Global and Multilateral "
            "Issues.</li><li><strong>Special Adviser to the Secretary-General on the "
            "Responsibility to Protect Ivan Šimonović</strong>, Brussels, 15–16 February 2017. "
            "Discussed the prevention of mass atrocities and the Secretary-General's 2017 report "
            "on the Responsibility to Protect (RtoP) with the European Commissioner for "
            "International Cooperation and Development, Neven Mimica, with Christian Leffler, EEAS "
            "Deputy Secretary General and the EU's RtoP focal point, and with other senior EU "
            "officials. Briefed the Council Working Party on the United Nations (CONUN) and spoke "
            "at a roundtable with civil society organisations, “Implementing the RtoP principle: "
            "UN, EU and civil society perspectives”.</li><li><strong>Director of the Europe "
            "Division, DPA, Levent Bilman</strong>, Brussels, 20–21 March 2017. Co-chaired the "
            "EEAS-DPA Europe Dialogue with the EEAS Managing Director for Europe, Thomas "
            "Mayr-Harting; briefed PSC Ambassadors over a breakfast given by Ireland's Ambassador "
            "to the PSC; held bilateral talks with EU and NATO officials.</li><li><strong>Special "
            "Advisor of the Secretary-General on Cyprus Espen Barth Eide</strong>, Brussels, 22–24 "
            "March 2017. Met senior officials of the European Commission and the "
            "EEAS.</li><li><strong>Director of the Asia, Middle East, Europe and Latin America "
            "Division, Department of Peacekeeping Operations (DPKO), Peter Due</strong>, Brussels, "
            "May 2017. Talks with EEAS officials on Haiti and Kosovo: the EU's cooperation with "
            "the United Nations Stabilization Mission in Haiti (MINUSTAH) and the mission taking "
            "over from it, the United Nations Mission for Justice Support in Haiti (MINUJUSTH), "
            "and with the United Nations Interim Administration Mission in Kosovo "
            "(UNMIK).</li><li><strong>Assistant Secretary-General for Political Affairs (ASG) "
            "Tayé-Brook Zerihoun</strong>, Brussels, 30–31 May 2017. Met senior EEAS and "
            "Commission officials and the representatives of EU member states in the PSC. "
            "Subjects: developments in the Horn of Africa, the new allocation from the EU's Africa "
            "Peace Facility to the G5 Sahel Joint Task Force, and the preparation of the EU-Africa "
            "Summit in Abidjan in November 2017.</li></ul>",
        ],
    },
    "car-donor-conference-and-srsg-minusca-visit": {
        "standfirst": (
            "Donors pledged more than USD 2.2 billion for the Central African Republic on 17 "
            "November 2016, and the head of the UN mission in the country used the occasion to "
            "meet EU leaders."
        ),
        "body": [
            "<p>On 17 November 2016 the European Union held the Central African Republic Donor "
            "Conference, organised together with the UN, the World Bank and the Government of the "
            "Central African Republic (CAR). The President of the Central African Republic, "
            "Faustin-Archange Touadéra, attended with the High Representative of the European "
            "Union for Foreign Affairs and Security Policy and Vice-President of the European "
            "Commission (HR/VP), Federica Mogherini, the Deputy Secretary-General of the United "
            "Nations (DSG), Jan Eliasson, and the EEAS Managing Director for Africa, Koen "
            "Vervaeke. Pledges came to more than USD 2.2 billion, to finance the country's "
            "National Plan for Recovery and Peacebuilding.</p>",
            "<p>Alongside the conference, the Special Representative of the Secretary-General "
            "(SRSG) and Head of the United Nations Multidimensional Integrated Stabilization "
            "Mission in the Central African Republic (MINUSCA), Parfait Onanga-Anyanga, met the "
            "HR/VP and two members of the European Commission: Neven Mimica, European Commissioner "
            "for International Cooperation and Development, and Christos Stylianides, European "
            "Commissioner for Humanitarian Aid and Crisis Management.</p>",
            "<p>During the same visit the SRSG reviewed the situation in the country with the "
            "Director General of the EU Military Staff, Lt. General Esa Pulkkinen, and with Pedro "
            "Serrano, Deputy Secretary General for Crisis Response and CSDP of the European "
            "External Action Service (EEAS), and briefed the Africa Working Party of the Council "
            "of the European Union. He praised the way the UN and the EU work together in the "
            "field, and said the conference had shown plainly that President Touadéra has the "
            "international community behind him.</p>",
        ],
    },
    "unlops-office-activities": {
        "standfirst": (
            "Staff of the office briefed parliamentarians, contributed to NATO's thinking on the "
            "protection of civilians and took part in public events in Brussels."
        ),
        "body": [
            "<p>On 9 March 2017, Annick Hiensch of the United Nations Liaison Office for Peace and "
            "Security (UNLOPS) told Members of the European Parliament at a meeting of the "
            "European Parliament Subcommittee on Security and Defence how the UN and the EU work "
            "together on peace and security.</p>",
            "<p>Speaking for the Department of Peacekeeping Operations (DPKO) and the Department "
            "of Field Support (DFS), Kamiel Mesie of UNLOPS set out their joint policy on the "
            "protection of civilians (POC) at a NATO conference in Sofia, Bulgaria. NATO carried "
            "its own POC concept further at a workshop at the UK Defence Academy in Shrivenham on "
            "7–8 February 2017, where UNLOPS passed on what the UN has learned about limiting harm "
            "to civilians and protecting them before they come under threat.</p>",
            "<p>Rory Keane of UNLOPS spoke about the UN's work on women, peace and security at a "
            "high-level seminar that the EU Military Staff (EUMS) held in March 2017 for "
            "International Women's Day. On 25 January 2017, International Holocaust Remembrance "
            "Day, he joined a panel after a screening of the documentary “Bogdan's journey” in the "
            "Ciné-ONU film series in Brussels.</p>",
            "<p>In May 2017 Rory Keane met Lembit Uibo, Ambassador of Estonia to the EU Political "
            "and Security Committee, ahead of Estonia's Presidency of the Council of the "
            "European Union, which begins on 1 July 2017.</p>",
        ],
    },
}

# Captions are printed with the credit beneath; people are named in the order of facts.json's
# people_left_to_right, and "from left to right" is said only where the source says so.
PHOTOS = {
    "photo-guterres-european-parliament": {
        "caption": (
            "United Nations Secretary-General António Guterres speaking to the plenary of the "
            "European Parliament in Strasbourg, France, on 17 May 2017."
        ),
        "alt": "the UN Secretary-General speaking in the European Parliament",
    },
    "photo-mogherini-guterres-unhq": {
        "caption": (
            "Federica Mogherini, High Representative of the European Union for Foreign Affairs and "
            "Security Policy and Vice-President of the European Commission (HR/VP), with "
            "Secretary-General António Guterres at UN Headquarters, New York, 9 May 2017."
        ),
        "alt": "the EU High Representative with the UN Secretary-General at UN Headquarters",
    },
    "photo-lacroix-vandeput": {
        "caption": (
            "Jean-Pierre Lacroix, Under-Secretary-General for Peacekeeping Operations (USG), and "
            "Steven Vandeput, Minister of Defence of Belgium, during the USG's visit to Brussels, "
            "5 May 2017."
        ),
        "alt": "the head of UN peacekeeping with the Belgian Minister of Defence",
    },
    "photo-informal-defence-ministers-valletta": {
        "caption": (
            "Valletta, 26 April 2017, where EU Defence Ministers held an informal meeting. From "
            "left to right: Carmelo Abela, former Minister for Home Affairs and National Security "
            "of Malta; USG Jean-Pierre Lacroix; HR/VP Federica Mogherini."
        ),
        "alt": (
            "a Maltese minister, the head of UN peacekeeping and the EU High Representative at a "
            "meeting of EU Defence Ministers"
        ),
    },
    "photo-feltman-ladsous-steering-committee": {
        "caption": (
            "Jeffrey Feltman (left), Under-Secretary-General for Political Affairs, and Hervé "
            "Ladsous (right), at the time USG for Peacekeeping Operations, during the Steering "
            "Committee's session in New York, 16 March 2017."
        ),
        "alt": "two UN Under-Secretaries-General at a UN-EU meeting",
    },
    "photo-non-violence-sculpture": {
        "caption": (
            "Outside UN Headquarters in New York, the Non-Violence sculpture greets visitors as "
            "they arrive."
        ),
        "alt": "the Non-Violence sculpture at the visitors' entrance of UN Headquarters",
    },
    "photo-macron-tusk-paris": {
        "caption": (
            "President of France Emmanuel Macron and the President of the European Council, Donald "
            "Tusk, meeting in Paris on 17 May 2017."
        ),
        "alt": "the French President with the President of the European Council",
    },
    "photo-jehangir-khan-interview": {
        "caption": (
            "Jehangir Khan, Director of the UN Counter-Terrorism Implementation Task Force and of "
            "the UN Counter-Terrorism Centre, gives an interview in Brussels during the political "
            "dialogue, 3 March 2017."
        ),
        "alt": "a UN counter-terrorism official being interviewed",
    },
    "photo-stoltenberg-european-parliament": {
        "caption": (
            "Secretary General of NATO Jens Stoltenberg addresses the European Parliament on "
            "NATO-EU cooperation, Brussels, 3 May 2017, with David McAllister, Chair of the "
            "Committee on Foreign Affairs, beside him."
        ),
        "alt": "the NATO Secretary General speaking at the European Parliament",
    },
    "photo-car-donor-conference-left": {
        "caption": (
            "At the donor conference on 17 November 2016: DSG Jan Eliasson; Faustin-Archange "
            "Touadéra, President of the Central African Republic; HR/VP Federica Mogherini; Koen "
            "Vervaeke, EEAS Managing Director for Africa; and Christos Stylianides, Commissioner "
            "for Humanitarian Aid and Crisis Management."
        ),
        "alt": "officials at the Central African Republic donor conference",
    },
    "photo-car-donor-conference-right": {
        "caption": (
            "SRSG Parfait Onanga-Anyanga with HR/VP Federica Mogherini and Commissioner Neven "
            "Mimica, on the margins of the donor conference, 17 November 2016."
        ),
        "alt": "the head of MINUSCA with the EU High Representative and a European Commissioner",
    },
    "photo-libya-quartet": {
        "caption": (
            "The principals of the Quartet on Libya in Brussels, 23 May 2017. From left to right: "
            "Ahmed Abo El-Gheit, Secretary General of the League of Arab States; Federica "
            "Mogherini, HR/VP; Jakaya Kikwete, the African Union's High Level Representative to "
            "Libya; and Martin Kobler, SRSG and Head of UNSMIL."
        ),
        "alt": "four principals of the Quartet on Libya at their meeting",
    },
    "photo-whitfield-de-mistura": {
        "caption": (
            "Teresa Whitfield (left), Director of DPA's Policy and Mediation Division, and Staffan "
            "de Mistura (right), the Secretary-General's Special Envoy for Syria, at the "
            "International Conference on Mediation, 14 February 2017."
        ),
        "alt": "a DPA director and the UN Special Envoy for Syria at a mediation conference",
    },
}

# Where the first photo of an article should not run full width.
PHOTO_PLACEMENTS = {
    "photo-non-violence-sculpture": "inset",
    "photo-jehangir-khan-interview": "inset",
}

# Family names of more than one word, which Person.save() cannot guess.
SORT_NAMES = {
    "espen-barth-eide": "Barth Eide Espen",
    "mohamed-ibn-chambas": "Ibn Chambas Mohamed",
    "ahmed-abo-el-gheit": "Abo El-Gheit Ahmed",
}

EVENT_SUMMARIES = {
    "sg-address-european-parliament-2017-05-17": (
        "In his first address to the European Parliament in plenary since he took office, the "
        "Secretary-General voiced firm support for the EU and called a strong, united Europe "
        "essential to an effective UN. He expressed gratitude for the EU's attachment to "
        "multilateralism and for its contributions to development, humanitarian action and peace "
        "and security, citing its work on Libya, its funding of AMISOM and its support in the "
        "Central African Republic and Mali, and said he looked forward to its contribution to the "
        "G5 Sahel Joint Task Force. Conflicts, he warned, now last longer and are more often tied "
        "to regional and global threats such as terrorism. MEPs gave him a standing ovation; "
        "President Tajani affirmed the EU's continuing commitment to the partnership."
    ),
    "hrvp-security-council-briefing-2017-05-09": (
        "The HR/VP's yearly briefing to the Security Council reviewed how far the EU has come as a "
        "partner of the UN in peace and security: the Global Strategy of June 2016, the "
        "Implementation Plan on Security and Defence of November 2016, the Military Planning and "
        "Conduct Capability agreed on 6 March 2017 and the new European Defence Fund. Next on her "
        "list were a Coordinated Annual Review on Defence and civilian capabilities, including a "
        "standing capacity. She met the Secretary-General at UN Headquarters the same day."
    ),
    "eu-global-strategy-adopted-2016-06": (
        "The EU adopted its Global Strategy on Foreign Affairs and Security Policy in June 2016, "
        "before the period of this issue. It took the place of the European Security Strategy of "
        "2003."
    ),
    "eu-implementation-plan-security-defence-2016-11": (
        "The EU adopted an Implementation Plan on Security and Defence to put the security and "
        "defence side of its Global Strategy into practice."
    ),
    "mpcc-agreed-2017-03-06": (
        "The EU decided to set up a Military Planning and Conduct Capability for its non-executive "
        "military missions, such as the EU Training Missions in the Central African Republic, Mali "
        "and Somalia."
    ),
    "informal-eu-defence-ministers-malta-2017": (
        "The newly appointed Under-Secretary-General for Peacekeeping Operations, Jean-Pierre "
        "Lacroix, briefed EU Defence Ministers on the Secretary-General's priorities and on the "
        "capability gaps in UN peacekeeping, and held bilateral talks with several of them."
    ),
    "lacroix-brussels-visit-2017-05": (
        "Jean-Pierre Lacroix's first visit to Brussels as head of UN peacekeeping. He met senior "
        "EU officials and the Belgian Minister of Defence, and co-chaired the yearly staff talks "
        "between the UN and NATO."
    ),
    "lacroix-vandeput-meeting-2017-05-05": (
        "The Under-Secretary-General and the Belgian Minister of Defence looked at fields in which "
        "the UN and Belgium could cooperate. The date comes from the caption of a photograph of "
        "the meeting."
    ),
    "un-nato-staff-talks-2017": (
        "The yearly staff talks between the UN and NATO, co-chaired by USG Jean-Pierre Lacroix and "
        "ASG Miroslav Jenča, dealt with technical cooperation: counter-IED work, training and "
        "exercises, and women, peace and security."
    ),
    "lacroix-rfi-interview-2017-05-05": (
        "Interviewed by Radio France Internationale, Jean-Pierre Lacroix said that partners in "
        "the EU could do much to make up for the UN's shortage of critical enablers, among them "
        "helicopters, intelligence, surveillance and counter-IED capacity, and that EU Defence "
        "Ministers had responded positively to these needs."
    ),
    "un-peacekeeping-defence-ministerial-vancouver-2017": (
        "European Defence Ministers and senior EU and NATO officials are expected at this "
        "ministerial meeting on UN peacekeeping in Vancouver. It follows the Leaders' Summit of "
        "2015 and the London Ministerial of 2016, at which European states, the EU and NATO made "
        "pledges."
    ),
    "un-chods-conference-2017": (
        "The EU and NATO are to take part in this meeting of military chiefs at UN Headquarters, "
        "the second after the first UN CHODs conference in 2015."
    ),
    "leaders-summit-on-peacekeeping-2015": (
        "A summit of leaders on UN peacekeeping, held before the period of this issue. European "
        "states, the EU and NATO took an active part and made pledges."
    ),
    "london-ministerial-on-peacekeeping-2016": (
        "A ministerial meeting on UN peacekeeping in London, held before the period of this issue, "
        "at which European states, the EU and NATO took an active part and made pledges."
    ),
    "un-chods-conference-2015": (
        "The first conference of the UN's Chiefs of Defence, held before the period of this issue."
    ),
    "un-eu-conflict-prevention-dialogue-2017-03-23": (
        "Meeting for the third year, the UN and the EU examined what sustaining peace requires and "
        "took stock of their conflict prevention tools, with a focus on conditions that allow "
        "prevention to work, on resilience and on working in an integrated way. The EU integrated "
        "approach and the Joint UNDP-DPA Programme on Building National Capacities for Conflict "
        "Prevention served as reference points."
    ),
    "jackson-conun-briefing-2017-03": (
        "In preparation for the UN-EU Conflict Prevention Dialogue, the EU Council's working party "
        "on the UN heard Stephen Jackson, from the Policy and Mediation Division of DPA, on "
        "conflict prevention, mediation and the fields in which the UN and the EU cooperate."
    ),
    "un-eu-steering-committee-crisis-management-2017-03-16": (
        "The 21st meeting of this twice-yearly committee was co-chaired by Hervé Ladsous for the "
        "UN and Pedro Serrano for the EEAS. The committee gave its endorsement to a joint UN-EU "
        "framework agreement on mutual support and resolved to develop joint planning modalities "
        "for rapid response; the EU restated its backing for a strong UN and the new "
        "Secretary-General. On Mali the two sides will work more closely on the ground and back "
        "the G5 Sahel's regional efforts together; in the Central African Republic they will "
        "cooperate on security sector reform under national leadership. They also compared views "
        "on Libya and Somalia and discussed UN-EU-AU cooperation and the AU-UN Joint Review on "
        "AMISOM. Jeffrey Feltman's presence is known from a photograph."
    ),
    "uk-triggers-article-50-2017-03-29": (
        "The United Kingdom formally began its withdrawal from the European Union by invoking "
        "Article 50 of the Lisbon Treaty."
    ),
    "eu27-brexit-negotiating-guidelines-2017-04": (
        "The 27 remaining member states approved the guidelines for the withdrawal negotiations "
        "proposed by European Council President Donald Tusk. In line with a resolution of the "
        "European Parliament, which must approve the final agreement, they call for talks in "
        "phases: citizens' rights, financial obligations and the protection of the Good Friday "
        "Agreement first, trade afterwards. The UK would prefer to negotiate everything in "
        "parallel."
    ),
    "uk-snap-elections-2017-06-08": (
        "Early general elections in the United Kingdom, after which the withdrawal negotiations "
        "were expected to begin in earnest."
    ),
    "rome-summit-2017-03-25": (
        "EU leaders met in Rome to mark sixty years since the Treaty of Rome, with the UK's "
        "departure as a backdrop. Before the summit, Commission President Jean-Claude Juncker "
        "published a White Paper on the Future of Europe that raised the idea of a multi-speed "
        "Europe."
    ),
    "dutch-parliamentary-elections-2017": (
        "Prime Minister Mark Rutte's VVD won a clear victory over the far right, an outcome "
        "welcomed in Brussels."
    ),
    "french-presidential-election-2017": (
        "Emmanuel Macron, whose campaign was openly pro-European, won the run-off by a wide "
        "margin; Brussels welcomed the result."
    ),
    "european-parliament-presidency-change-2017-01": (
        "In mid-January 2017 the centre-left President of the European Parliament, Martin Schulz, "
        "stood down to run against Chancellor Angela Merkel in Germany's elections. The "
        "centre-right MEP Antonio Tajani succeeded him."
    ),
    "german-elections-2017": (
        "Germany's elections later in 2017, in which Martin Schulz was to challenge Chancellor "
        "Angela Merkel."
    ),
    "eu-leaders-ukraine-association-declaration-2016-12": (
        "EU leaders agreed to a proposal by Dutch Prime Minister Mark Rutte for a legally binding "
        "declaration on the EU-Ukraine Association Agreement. It takes account of the Dutch "
        "referendum of April 2016 and makes clear that the agreement does not necessarily lead to "
        "EU membership."
    ),
    "dutch-referendum-eu-ukraine-2016-04": (
        "A referendum in the Netherlands on the EU-Ukraine Association Agreement, held before the "
        "period of this issue."
    ),
    "malta-council-presidency-2017-01": (
        "For the first time, Malta held the rotating Presidency of the Council of the European "
        "Union."
    ),
    "malta-declaration-2017-02-03": (
        "EU leaders adopted the Malta Declaration. It came with 200 million euros, to be "
        "programmed through the Africa Trust Fund for North Africa, for action on the Central "
        "Mediterranean Route, including for migrants who cross Libya."
    ),
    "syria-donor-conference-2017-04-05": (
        "The EU hosted a donor conference on Syria, attended by the UN Secretary-General, at which "
        "pledges of more than six billion euros were made for the country for 2017."
    ),
    "eu-trust-fund-colombia-2016-12": (
        "The EU launched a new Trust Fund for Colombia worth 95 million euros."
    ),
    "macron-tusk-paris-2017-05-17": (
        "French President Emmanuel Macron received European Council President Donald Tusk in "
        "Paris. The meeting is known only from the caption of a photograph."
    ),
    "un-eu-political-dialogue-counter-terrorism-2017-03-03": (
        "UN and EU representatives updated each other on countering terrorism and preventing "
        "violent extremism, shared threat assessments and policy priorities, and identified fields "
        "for more cooperation. Jehangir Khan led the UN delegation and held bilateral meetings. "
        "The dialogue took place as the EU had a new Commissioner for the Security Union and the "
        "General Assembly was considering a proposal for a new UN counter-terrorism office."
    ),
    "nato-summit-brussels-2017-05-25": (
        "NATO leaders made the fight against terrorism and fairer transatlantic burden-sharing "
        "their priorities. Donald Trump and Emmanuel Macron, newly in office as Presidents of the "
        "United States and of France, attended. Montenegro, since then NATO's 29th member, took "
        "part, and Romania announced that it would spend 2% of its GDP on defence in 2017, one of "
        "six Allies to do so."
    ),
    "stoltenberg-european-parliament-2017-05-03": (
        "The NATO Secretary General told the European Parliament that working with the EU, in "
        "fields from cyber security to the Mediterranean, is now the normal course of things for "
        "NATO. A photograph shows David McAllister, Chair of the Parliament's Committee on Foreign "
        "Affairs, beside him."
    ),
    "nato-defence-ministers-2017-02": (
        "NATO Defence Ministers agreed to reinforce the Alliance's presence around the Black Sea, "
        "adopted a Cyber Defence plan and chose to establish a hub at Joint Force Command Naples "
        "for intelligence gathering and situational awareness on the Mediterranean."
    ),
    "feltman-brussels-visit-2016-10": (
        "In early October 2016 USG Jeffrey Feltman met, among others, Helga Schmid, Secretary "
        "General of the EEAS, Alexander Vershbow, at the time NATO's Deputy Secretary General, the "
        "EU's PSC Ambassadors and Didier Reynders, Belgian Deputy Prime Minister and Foreign "
        "Minister. Talks covered conflict prevention, horizon scanning and practical UN-EU "
        "cooperation in the field; his hosts asked how the UN's peace and security reforms were "
        "progressing."
    ),
    "eide-brussels-visit-2017-03": (
        "The Secretary-General's Special Advisor on Cyprus met senior officials of the European "
        "Commission and the EEAS."
    ),
    "zerihoun-brussels-visit-2017-05": (
        "ASG Tayé-Brook Zerihoun met senior officials of the EEAS and the European Commission and "
        "representatives of EU member states in the PSC. They discussed the Horn of Africa, a new "
        "allocation from the EU's Africa Peace Facility to the G5 Sahel Joint Task Force and "
        "preparations for the EU-Africa Summit in Abidjan in November 2017."
    ),
    "eu-africa-summit-abidjan-2017-11": (
        "A summit of the European Union and Africa due in Abidjan, Côte d'Ivoire; its preparation "
        "was discussed during ASG Zerihoun's visit to Brussels in May 2017."
    ),
    "chambas-brussels-visit-2016-10": (
        "SRSG Mohamed Ibn Chambas came to Brussels to ask for continued EU support to the "
        "Cameroon-Nigeria Mixed Commission, in particular its work on demarcating the border. He "
        "met senior counterparts at the EEAS and the Commission's DG DEVCO and briefed the "
        "Political and Security Committee."
    ),
    "chambas-psc-briefing-2016-10": (
        "The head of UNOWAS briefed the EU Political and Security Committee during his October "
        "2016 visit to Brussels."
    ),
    "kobler-psc-briefing-2017-01-24": (
        "SRSG Martin Kobler briefed the EU Political and Security Committee on Libya."
    ),
    "eu-libya-strategic-review-2017-02": (
        "The EU began a strategic review of its Libya-related engagement: the EUBAM mission, "
        "Operation Sophia and the EU Liaison and Planning Cell in Tunis."
    ),
    "kobler-brussels-visit-2016-11": (
        "SRSG Martin Kobler met HR/VP Federica Mogherini, EEAS Deputy Secretary General Pedro "
        "Serrano and the EEAS Libya Planning Team. They discussed the difficult situation in "
        "Libya, possible scenarios for EU engagement there, and protection and help for vulnerable "
        "migrants."
    ),
    "libya-quartet-meeting-2017-05-23": (
        "The EU hosted a meeting of the Quartet on Libya, which brings together the UN, the EU, "
        "the League of Arab States and the African Union. SRSG Martin Kobler represented the UN; "
        "HR/VP Federica Mogherini, Secretary General Ahmed Abo El-Gheit of the League of Arab "
        "States and the African Union's High Level Representative to Libya, Jakaya Kikwete, also "
        "took part."
    ),
    "simonovic-brussels-visit-2017-02": (
        "The Special Adviser on the Responsibility to Protect discussed mass atrocity prevention "
        "and the Secretary-General's 2017 report on RtoP with Commissioner Neven Mimica, EEAS "
        "Deputy Secretary General Christian Leffler and other senior EU officials. He also briefed "
        "CONUN and took part in a roundtable with civil society on putting RtoP into practice."
    ),
    "simonovic-conun-briefing-2017-02": (
        "Ivan Šimonović briefed the EU Council's working party on the United Nations during his "
        "February 2017 visit."
    ),
    "rtop-civil-society-roundtable-2017-02": (
        "A roundtable with civil society organisations on implementing the Responsibility to "
        "Protect, seen from the UN, the EU and civil society, at which the Special Adviser spoke."
    ),
    "bilman-brussels-visit-2017-03": (
        "The Director of DPA's Europe Division co-chaired the EEAS-DPA Europe Dialogue, briefed "
        "PSC Ambassadors at a breakfast given by Ireland's PSC Ambassador and held bilateral talks "
        "with EU and NATO officials."
    ),
    "eeas-dpa-europe-dialogue-2017-03": (
        "A dialogue on Europe between the EEAS and DPA, co-chaired by Levent Bilman of DPA's "
        "Europe Division and the EEAS Managing Director for Europe, Thomas Mayr-Harting."
    ),
    "bilman-psc-breakfast-2017-03": (
        "Levent Bilman briefed PSC Ambassadors at a breakfast given by Ireland's Ambassador to the "
        "PSC, who is not named in the source."
    ),
    "international-conference-on-mediation-2017-02-14": (
        "A high-level conference on mediation organised by the Belgian Ministry of Foreign "
        "Affairs. DPA's Teresa Whitfield took part; the Special Envoy for Syria, Staffan de "
        "Mistura, also attended."
    ),
    "whitfield-brussels-visit-2017-02": (
        "Teresa Whitfield, Director of DPA's Policy and Mediation Division, took part in the "
        "International Conference on Mediation on 14 February 2017, met PSC Ambassadors at a "
        "meeting hosted by Finland and met EEAS officials, among them Stefano Tomat, head of the "
        "new PRISM division, and Managing Director Lotte Knudsen."
    ),
    "whitfield-psc-meeting-2017-02": (
        "Teresa Whitfield met Ambassadors of the EU Political and Security Committee at a meeting "
        "hosted by Finland."
    ),
    "due-eeas-meetings-2017-05": (
        "Peter Due, a division director in the Department of Peacekeeping Operations, met EEAS "
        "officials on the EU's cooperation with MINUSTAH and its successor mission MINUJUSTH in "
        "Haiti, and with UNMIK in Kosovo."
    ),
    "car-donor-conference-2016-11-17": (
        "Organised by the EU with the UN, the World Bank and the Government of the Central African "
        "Republic, the conference raised pledges of more than USD 2.2 billion for the country's "
        "National Plan for Recovery and Peacebuilding. (The newsletter's political update gives "
        "the total as more than two billion euros.) The SRSG for the Central African Republic saw "
        "it as a sign that President Touadéra has the international community's support."
    ),
    "onanga-anyanga-brussels-visit-2016-11": (
        "Around the donor conference, SRSG Parfait Onanga-Anyanga met HR/VP Federica Mogherini and "
        "Commissioners Neven Mimica and Christos Stylianides, discussed the situation in the "
        "Central African Republic with the Director General of the EU Military Staff and the EEAS "
        "Deputy Secretary General, and briefed the Council's Africa Working Party. He welcomed the "
        "way the UN and the EU work together in the field."
    ),
    "onanga-anyanga-margin-meetings-2016-11-17": (
        "On the margins of the donor conference, SRSG Parfait Onanga-Anyanga met HR/VP Federica "
        "Mogherini and European Commissioners Neven Mimica and Christos Stylianides."
    ),
    "onanga-anyanga-africa-working-party-briefing-2016-11": (
        "During his November 2016 visit, SRSG Onanga-Anyanga briefed the Africa Working Party of "
        "the Council of the European Union."
    ),
    "hiensch-sede-briefing-2017-03-09": (
        "Annick Hiensch of UNLOPS briefed Members of the European Parliament on the partnership "
        "between the UN and the EU in peace and security."
    ),
    "nato-conference-sofia": (
        "Speaking for DPKO and DFS, Kamiel Mesie of UNLOPS presented their policy on the "
        "protection of civilians at a NATO conference in Sofia. NATO took its own work on a "
        "protection of civilians concept further at a workshop in February 2017."
    ),
    "nato-poc-workshop-shrivenham-2017-02": (
        "A workshop at the UK Defence Academy to develop NATO's concept for the protection of "
        "civilians, at which UNLOPS passed on UN experience of limiting harm to civilians and of "
        "protecting them before they come under threat."
    ),
    "eums-womens-day-seminar-2017-03": (
        "A high-level seminar organised by the EU Military Staff for International Women's Day, at "
        "which Rory Keane of UNLOPS presented the UN's work on women, peace and security."
    ),
    "holocaust-remembrance-cine-onu-2017-01-25": (
        "For International Holocaust Remembrance Day, Rory Keane of UNLOPS joined a panel "
        "discussion after a screening of the documentary “Bogdan's journey” in the Ciné-ONU film "
        "series in Brussels."
    ),
    "keane-uibo-meeting-2017-05": (
        "Rory Keane met Estonia's Ambassador to the EU Political and Security Committee, Lembit "
        "Uibo, ahead of the Estonian Presidency of the Council of the EU starting on 1 July 2017."
    ),
    "estonia-council-presidency-2017-07-01": (
        "Estonia takes over the rotating Presidency of the Council of the European Union."
    ),
}
