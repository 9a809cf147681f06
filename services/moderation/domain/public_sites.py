"""Public-sector web sites: a link to one is information, not an advert or spam.

A municipality links its own pages ("Öppettiderna finns på https://knivsta.se/bibliotek")
and sends people to authorities and regions; the lexical model reads such a link as one
feature (`u:public`) rather than as a domain it saw in spam. Municipal sites are
`<name>.se` or `<name>kommun.se`; regions `region<name>.se`; authorities their own names.
"""

from __future__ import annotations

import re

# Sweden's 290 municipalities as their sites spell them (å/ä/ö as a/a/o, spaces as nothing).
_MUNICIPALITIES = """
ale alingsas alvesta aneby arboga arjeplog arvidsjaur arvika askersund avesta bengtsfors berg bjurholm bjuv boden
bollebygd bollnas borgholm borlange boras botkyrka boxholm bromolla bracke burlov bastad dalsed danderyd degerfors
dorotea eda ekero eksjo emmaboda enkoping eskilstuna eslov essunga fagersta falkenberg falkoping falun filipstad
finspang flen forshaga fargelanda gagnef gislaved gnesta gnosjo gotland grums grastorp gullspang gallivare gavle
goteborg gotene habo hagfors hallsberg hallstahammar halmstad hammaro haninge haparanda heby hedemora helsingborg
herrljunga hjo hofors huddinge hudiksvall hultsfred hylte hallefors harjedalen harnosand harryda hassleholm hoganas
hogsby horby hoor jokkmokk jarfalla jonkoping kalix kalmar karlsborg karlshamn karlskoga karlskrona karlstad
katrineholm kil kinda kiruna klippan knivsta kramfors kristianstad kristinehamn krokom kumla kungsbacka kungsor
kungalv kavlinge koping laholm landskrona laxa lekeberg leksand lerum lessebo lidingo lidkoping lilla-edet lindesberg
linkoping ljungby ljusdal ljusnarsberg lomma ludvika lulea lund lycksele lysekil malmo malung-salen mala mariestad
mark markaryd mellerud mjolby mora motala mullsjo munkedal munkfors molndal monsteras morbylanga nacka nora
norberg nordanstig nordmaling norrkoping norrtalje norsjo nybro nykvarn nykoping nynashamn nassjo ockelbo olofstrom
orsa orust osby oskarshamn ovanaker oxelosund pajala partille perstorp pitea ragunda robertsfors ronneby rattvik sala
salem sandviken sigtuna simrishamn sjobo skara skelleftea skinnskatteberg skurup skovde smedjebacken solleftea
sollentuna solna sorsele sotenas staffanstorp stenungsund stockholm storfors storuman strangnas stromstad stromsund
sundbyberg sundsvall sunne surahammar svalov svedala svenljunga saffle sater savsjo soderhamn soderkoping sodertalje
solvesborg tanum tibro tidaholm tierp timra tingsryd tjorn tomelilla torsby torsas tranas tranemo trelleborg
trollhattan trosa tyreso taby toreboda uddevalla ulricehamn umea upplands-bro upplands-vasby uppsala uppvidinge
vadstena vaggeryd valdemarsvik vallentuna vansbro vara varberg vaxholm vellinge vetlanda vilhelmina vimmerby vindeln
vingaker vargarda vanersborg vannas varmdo varnamo vastervik vasteras vaxjo ydre ystad amal ange arjang asele
astorp atvidaberg almhult alvdalen alvkarleby alvsbyn angelholm ockero odeshog orebro orkelljunga ornskoldsvik
ostersund osteraker osthammar ostra-goinge overkalix overtornea
"""
# Authorities, the regions' and the state's common sites.
_AUTHORITIES = """
1177 arbetsformedlingen boverket bolagsverket csn domstol forsakringskassan folkhalsomyndigheten government
krisinformation kronofogden lansstyrelsen lantmateriet migrationsverket msb naturvardsverket pensionsmyndigheten
polisen regeringen riksdagen riksarkivet skatteverket skolverket skr smhi socialstyrelsen trafikverket
transportstyrelsen val verksamt sverige vardguiden jamstalldhetsmyndigheten ivo
"""
_NAMES = frozenset(_MUNICIPALITIES.split()) | frozenset(_AUTHORITIES.split())
_PUBLIC = re.compile(r"(?:[a-z0-9-]+\.)*(?:[a-z0-9-]*kommun|region[a-z0-9-]+)\.se"
                     r"|(?:[a-z0-9-]+\.)*(?:gov|gov\.[a-z]{2}|europa\.eu)")


def is_public(domain: str) -> bool:
    """Whether `domain` (lower case, `www.` or not) is a Swedish public-sector site."""
    domain = domain.removeprefix("www.")
    if _PUBLIC.fullmatch(domain):
        return True
    labels = domain.split(".")
    # the site or a page under it: "knivsta.se", "bibliotek.knivsta.se"
    return len(labels) >= 2 and labels[-1] == "se" and labels[-2] in _NAMES
