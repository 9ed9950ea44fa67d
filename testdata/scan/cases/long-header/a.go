// xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line
// license line

package a

import (
	"long/import0"
	"long/import1"
	"long/import2"
	"long/import3"
	"long/import4"
	"long/import5"
	"long/import6"
	"long/import7"
	"long/import8"
	"long/import9"
	"long/import10"
	"long/import11"
	"long/import12"
	"long/import13"
	"long/import14"
	"long/import15"
	"long/import16"
	"long/import17"
	"long/import18"
	"long/import19"
	"long/import20"
	"long/import21"
	"long/import22"
	"long/import23"
	"long/import24"
	"long/import25"
	"long/import26"
	"long/import27"
	"long/import28"
	"long/import29"
	"long/import30"
	"long/import31"
	"long/import32"
	"long/import33"
	"long/import34"
	"long/import35"
	"long/import36"
	"long/import37"
	"long/import38"
	"long/import39"
	"long/import40"
	"long/import41"
	"long/import42"
	"long/import43"
	"long/import44"
	"long/import45"
	"long/import46"
	"long/import47"
	"long/import48"
	"long/import49"
	"long/import50"
	"long/import51"
	"long/import52"
	"long/import53"
	"long/import54"
	"long/import55"
	"long/import56"
	"long/import57"
	"long/import58"
	"long/import59"
	"long/import60"
	"long/import61"
	"long/import62"
	"long/import63"
	"long/import64"
	"long/import65"
	"long/import66"
	"long/import67"
	"long/import68"
	"long/import69"
	"long/import70"
	"long/import71"
	"long/import72"
	"long/import73"
	"long/import74"
	"long/import75"
	"long/import76"
	"long/import77"
	"long/import78"
	"long/import79"
	"long/import80"
	"long/import81"
	"long/import82"
	"long/import83"
	"long/import84"
	"long/import85"
	"long/import86"
	"long/import87"
	"long/import88"
	"long/import89"
	"long/import90"
	"long/import91"
	"long/import92"
	"long/import93"
	"long/import94"
	"long/import95"
	"long/import96"
	"long/import97"
	"long/import98"
	"long/import99"
	"long/import100"
	"long/import101"
	"long/import102"
	"long/import103"
	"long/import104"
	"long/import105"
	"long/import106"
	"long/import107"
	"long/import108"
	"long/import109"
	"long/import110"
	"long/import111"
	"long/import112"
	"long/import113"
	"long/import114"
	"long/import115"
	"long/import116"
	"long/import117"
	"long/import118"
	"long/import119"
	"long/import120"
	"long/import121"
	"long/import122"
	"long/import123"
	"long/import124"
	"long/import125"
	"long/import126"
	"long/import127"
	"long/import128"
	"long/import129"
	"long/import130"
	"long/import131"
	"long/import132"
	"long/import133"
	"long/import134"
	"long/import135"
	"long/import136"
	"long/import137"
	"long/import138"
	"long/import139"
	"long/import140"
	"long/import141"
	"long/import142"
	"long/import143"
	"long/import144"
	"long/import145"
	"long/import146"
	"long/import147"
	"long/import148"
	"long/import149"
	"long/import150"
	"long/import151"
	"long/import152"
	"long/import153"
	"long/import154"
	"long/import155"
	"long/import156"
	"long/import157"
	"long/import158"
	"long/import159"
	"long/import160"
	"long/import161"
	"long/import162"
	"long/import163"
	"long/import164"
	"long/import165"
	"long/import166"
	"long/import167"
	"long/import168"
	"long/import169"
	"long/import170"
	"long/import171"
	"long/import172"
	"long/import173"
	"long/import174"
	"long/import175"
	"long/import176"
	"long/import177"
	"long/import178"
	"long/import179"
	"long/import180"
	"long/import181"
	"long/import182"
	"long/import183"
	"long/import184"
	"long/import185"
	"long/import186"
	"long/import187"
	"long/import188"
	"long/import189"
	"long/import190"
	"long/import191"
	"long/import192"
	"long/import193"
	"long/import194"
	"long/import195"
	"long/import196"
	"long/import197"
	"long/import198"
	"long/import199"
	"long/import200"
	"long/import201"
	"long/import202"
	"long/import203"
	"long/import204"
	"long/import205"
	"long/import206"
	"long/import207"
	"long/import208"
	"long/import209"
	"long/import210"
	"long/import211"
	"long/import212"
	"long/import213"
	"long/import214"
	"long/import215"
	"long/import216"
	"long/import217"
	"long/import218"
	"long/import219"
	"long/import220"
	"long/import221"
	"long/import222"
	"long/import223"
	"long/import224"
	"long/import225"
	"long/import226"
	"long/import227"
	"long/import228"
	"long/import229"
	"long/import230"
	"long/import231"
	"long/import232"
	"long/import233"
	"long/import234"
	"long/import235"
	"long/import236"
	"long/import237"
	"long/import238"
	"long/import239"
	"long/import240"
	"long/import241"
	"long/import242"
	"long/import243"
	"long/import244"
	"long/import245"
	"long/import246"
	"long/import247"
	"long/import248"
	"long/import249"
	"long/import250"
	"long/import251"
	"long/import252"
	"long/import253"
	"long/import254"
	"long/import255"
	"long/import256"
	"long/import257"
	"long/import258"
	"long/import259"
	"long/import260"
	"long/import261"
	"long/import262"
	"long/import263"
	"long/import264"
	"long/import265"
	"long/import266"
	"long/import267"
	"long/import268"
	"long/import269"
	"long/import270"
	"long/import271"
	"long/import272"
	"long/import273"
	"long/import274"
	"long/import275"
	"long/import276"
	"long/import277"
	"long/import278"
	"long/import279"
	"long/import280"
	"long/import281"
	"long/import282"
	"long/import283"
	"long/import284"
	"long/import285"
	"long/import286"
	"long/import287"
	"long/import288"
	"long/import289"
	"long/import290"
	"long/import291"
	"long/import292"
	"long/import293"
	"long/import294"
	"long/import295"
	"long/import296"
	"long/import297"
	"long/import298"
	"long/import299"
	"long/import300"
	"long/import301"
	"long/import302"
	"long/import303"
	"long/import304"
	"long/import305"
	"long/import306"
	"long/import307"
	"long/import308"
	"long/import309"
	"long/import310"
	"long/import311"
	"long/import312"
	"long/import313"
	"long/import314"
	"long/import315"
	"long/import316"
	"long/import317"
	"long/import318"
	"long/import319"
	"long/import320"
	"long/import321"
	"long/import322"
	"long/import323"
	"long/import324"
	"long/import325"
	"long/import326"
	"long/import327"
	"long/import328"
	"long/import329"
	"long/import330"
	"long/import331"
	"long/import332"
	"long/import333"
	"long/import334"
	"long/import335"
	"long/import336"
	"long/import337"
	"long/import338"
	"long/import339"
	"long/import340"
	"long/import341"
	"long/import342"
	"long/import343"
	"long/import344"
	"long/import345"
	"long/import346"
	"long/import347"
	"long/import348"
	"long/import349"
	"long/import350"
	"long/import351"
	"long/import352"
	"long/import353"
	"long/import354"
	"long/import355"
	"long/import356"
	"long/import357"
	"long/import358"
	"long/import359"
	"long/import360"
	"long/import361"
	"long/import362"
	"long/import363"
	"long/import364"
	"long/import365"
	"long/import366"
	"long/import367"
	"long/import368"
	"long/import369"
	"long/import370"
	"long/import371"
	"long/import372"
	"long/import373"
	"long/import374"
	"long/import375"
	"long/import376"
	"long/import377"
	"long/import378"
	"long/import379"
	"long/import380"
	"long/import381"
	"long/import382"
	"long/import383"
	"long/import384"
	"long/import385"
	"long/import386"
	"long/import387"
	"long/import388"
	"long/import389"
	"long/import390"
	"long/import391"
	"long/import392"
	"long/import393"
	"long/import394"
	"long/import395"
	"long/import396"
	"long/import397"
	"long/import398"
	"long/import399"
)

func f() {}
