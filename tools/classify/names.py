"""Given names and family names: value evidence that a column holds people's names.

Headers are often missing or anonymous (web tables, `col_3`), and a learned model alone confuses
"Hannah Kaminsky" with a place or a shop. A person's name is recognisable from its parts: a common given
name followed by one to three capitalised words, or a Chinese family name followed by one or two characters.
Names that are also everyday English words (Rose, Will, Summer, Grace, Art ...) are left out on purpose, so
product titles such as "Rose Gold Watch" do not read as people.
"""
from __future__ import annotations

import re

_GIVEN = """
aaron abdul abigail abraham adam adele adrian agnes ahmed aidan aiden aisha alan albert alberto alejandro alex
alexander alexandra alexis alfred alfredo ali alice alicia alison allison alvaro amanda amelia amir amit amy ana
anand andre andrea andreas andrew andy angela angelica angelina anil anita ann anna anne annette anthony antoine
antonio anya arjun arnold arthur arturo ashley aubrey audrey austin ava barbara barry beatrice beatriz ben benedict
benjamin bernard bernardo beth bethany betty beverly bianca bill billy blake bob bobby bonnie brad bradley brandon
brenda brendan brian bridget brittany bruce bruno bryan caitlin caleb cameron camila carina carl carla carlo carlos
carmen caroline carolyn carrie cassandra catherine cathy cecilia cesar charles charlie charlotte chelsea cheryl
chloe chris christian christina christine christopher cindy claire clara clare claudia claudio clement clifford
colin connor constance craig cristina curtis cynthia dale damian dan dana daniel daniela danielle danny darren
david deborah debra denis denise dennis derek diana diane diego dimitri dominic dominique donald donna doris
dorothy douglas duncan dylan edgar edith eduardo edward edwin eileen elaine eleanor elena eli elias elijah elisa
elisabeth eliza elizabeth ella ellen elliot eloise emilia emily emma emmanuel enrique eric erica erik erin ernest
esther ethan eugene eva evan evelyn fabian fatima federico felipe felix fernando filipe fiona florence francesca
francesco francis francisco franklin fred frederick gabriel gabriela gabrielle gail gareth gary gavin george
georgia gerald gerard gerhard gina giovanni giulia giuseppe glen glenn gloria gordon graham greg gregory gustavo
hannah hans harold harriet harry hassan hayden hector heidi helen helena henri henry herbert hilary howard hugh
hugo ian ibrahim ignacio ingrid irene isaac isabel isabella isabelle ivan jacob jacqueline jaime jake james jamie
jan jane janet janice jared jason javier jean jeff jeffrey jennifer jenny jeremy jerome jerry jesse jessica jesus
jill jim jimmy joan joanna joanne joao joe joel johann johannes john johnny jon jonathan jordan jorge jose josef
joseph josephine joshua juan judith judy julia julian juliana julie juliet julio justin kamal karen karin karl
kate katherine kathleen kathryn kathy katie kayla keith kelly ken kenneth kevin kim kimberly kirsten klaus kristen
kurt kyle lance larry laura lauren laurence lawrence leah leo leon leonard leonardo leslie lewis liam lila linda
lindsay lisa logan lois lorenzo lori louis louisa louise lucas lucia luciana lucy luis luke lydia madeleine
madison magdalena manuel marc marcel marco marcos marcus margaret margarita maria mariana marie marilyn mario
marion marisa marjorie markus marta martha martin martina marvin mary mason matilda matteo matthew maureen maurice
maxwell megan melanie melissa michael michaela michel michelle miguel mike milan mildred miriam mohamed mohammed
monica morgan muhammad nadia nancy naomi natalia natalie natasha nathan nathaniel neil nicholas nicola nicolas
nicole nigel nikolai nina noah noel nora norman olga oliver olivia omar oscar owen pablo pamela paolo patricia
patrick paul paula pauline pedro peter philip philippe phillip phyllis pierre priya rachel rafael rahul raj ralph
ramon randy raphael raquel raul rebecca regina renee ricardo richard rick ricky rita robert roberta roberto robin
rodrigo roger roland ronald rosa rosemary ross ruth ryan sabrina sally samantha samuel sandra sara sarah scott
sean sebastian sergei sergio seth shannon sharon shawn sheila shirley simon simone sofia sonia sophia sophie
stacy stanley stefan stefano stella stephanie stephen steve steven stuart susan suzanne sylvia tamara tanya
tara teresa terry theodore theresa thomas tim timothy tina todd tom tommy tony tracy travis trevor tyler ulrich
valentina valerie vanessa vera veronica vicente victor victoria vincent virginia vivian walter wayne wendy
wilhelm william willie wolfgang xavier yasmin yolanda yuki yusuf yvonne zachary zoe
akira hiroshi kenji haruki takeshi yoko keiko naoko satoshi kazuo wei jun ming li hui yan ling hao lei jie
fang xin yu jing chen ravi sanjay suresh vijay deepak pooja anjali sunita rajesh ramesh arun kiran neha
"""
GIVEN_NAMES: frozenset[str] = frozenset(_GIVEN.split())

_FAMILY = """
smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez wilson anderson
thomas taylor moore jackson martin lee perez thompson white harris sanchez clark ramirez lewis robinson walker
young allen king wright scott torres nguyen hill flores green adams nelson baker hall rivera campbell mitchell
carter roberts gomez phillips evans turner diaz parker cruz edwards collins reyes stewart morris morales murphy
cook rogers gutierrez ortiz morgan cooper peterson bailey reed kelly howard ramos kim cox ward richardson watson
brooks chavez wood james bennett gray mendoza ruiz hughes price alvarez castillo sanders patel myers long ross
foster jimenez powell jenkins perry russell sullivan bell coleman butler henderson barnes gonzales fisher
vasquez simmons romero jordan patterson alexander hamilton graham reynolds griffin wallace moreno west cole hayes
bryant herrera gibson ellis tran medina aguilar stevens murray ford castro marshall owens harrison fernandez
mcdonald woods washington kennedy wells vargas henry chen freeman webb tucker guzman burns crawford olson simpson
porter hunter gordon mendez silva shaw snyder mason dixon munoz hunt hicks holmes palmer wagner black robertson
boyd rose stone salazar fox warren mills meyer rice schmidt garza daniels ferguson nichols stephens soto weaver
ryan gardner payne grant dunn kelley spencer hawkins arnold pierce vazquez hansen peters santos hart bradley
knight elliott cunningham duncan armstrong hudson carroll lane riley andrews alvarado ray delgado berry perkins
hoffman johnston matthews pena richards willis carpenter lawrence sandoval dickens muller mueller schneider
fischer weber becker schulz koch richter wolf neumann dubois durand leroy moreau lefebvre rossi russo ferrari
esposito bianchi romano colombo ricci marino tanaka suzuki takahashi watanabe ito yamamoto nakamura kobayashi
singh kumar sharma gupta khan ali ahmed hussain wang zhang liu yang huang zhao wu zhou xu sun ma zhu hu lin
"""
FAMILY_NAMES: frozenset[str] = frozenset(_FAMILY.split())

PARTICLES = frozenset({"de", "da", "del", "della", "di", "du", "van", "von", "der", "den", "la", "le", "bin", "al",
                       "el", "st", "mc", "mac", "y", "dos", "das", "ten", "ter"})
_TOKEN = re.compile(r"[A-ZÀ-Þ](?:[^\W\d_]*(?:[-'’][^\W\d_]+)*|\.)")
_CJK = re.compile(r"[\u4e00-\u9fff]{2,4}")
_CN_SURNAMES_2 = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "慕容", "令狐", "夏侯", "公孙")
_CN_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆"
    "汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔"
    "伍庞颜倪庄聂章鲁岳翟殷詹申耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍"
    "华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬"
    "师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝")


# last characters that make a place, a colour or a thing rather than a person (温州, 白色, 金条)
_NOT_GIVEN = frozenset("市省县区州镇乡村路街道色山江河湖岛港湾口门城京海园店馆厅场站桥楼条包装号型款盒瓶袋")


def _strip(value: str) -> str:
    return re.sub(r"^(mr|mrs|ms|miss|dr|prof|sir)\.?\s+", "", value.strip(), flags=re.I)


def is_western_name(value: str) -> bool:
    """'Hannah Kaminsky', 'Louisa May Alcott', 'Antoine de Saint-Exupéry', 'Kaminsky, Hannah', 'F.B. Meyer'."""
    s = _strip(value)
    if not 3 <= len(s) <= 40 or re.search(r"[0-9@/:;|&()\[\]!?]", s):
        return False
    if "," in s:  # "Family, Given"
        parts = [p.strip() for p in s.split(",")]
        if len(parts) != 2:
            return False
        s = f"{parts[1]} {parts[0]}"
    words = s.replace(".", ". ").split()
    if not 2 <= len(words) <= 5:
        return False
    core = [w for w in words if w.lower() not in PARTICLES]
    if not all(_TOKEN.fullmatch(w) for w in core):
        return False
    first = core[0].rstrip(".").lower()
    last = core[-1].lower()
    return first in GIVEN_NAMES or (len(core[0]) <= 2 and last in FAMILY_NAMES) or (
        last in FAMILY_NAMES and len(core) == 2)


def is_chinese_name(value: str) -> bool:
    """'张伟', '欧阳娜娜', '王先生' (a family name plus one or two given characters, or an honorific)."""
    s = value.strip()
    if not _CJK.fullmatch(s):
        return False
    if s.startswith(_CN_SURNAMES_2):
        return 3 <= len(s) <= 4
    if s.endswith(("先生", "女士", "小姐")):
        return s[0] in _CN_SURNAMES and len(s) <= 4
    return s[0] in _CN_SURNAMES and len(s) <= 3 and s[-1] not in _NOT_GIVEN


def is_person_name(value: str) -> bool:
    return is_chinese_name(value) or is_western_name(value)


def is_name_part(value: str) -> bool:
    """A full name, or a lone given or family name (a first_name / last_name column)."""
    s = value.strip()
    return is_person_name(s) or s.lower() in GIVEN_NAMES or s.lower() in FAMILY_NAMES
