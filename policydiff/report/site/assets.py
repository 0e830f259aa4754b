"""The website's stylesheet and its three small scripts, and the page shell that carries them.

Everything is inline: a page opened from ``file://`` and one served by any static host behave
the same, and nothing is requested from anywhere. The Content-Security-Policy allows inline
styles and exactly the scripts below, by their SHA-256 (``script_csp``); a script injected by a
policy text (it cannot be: every string is escaped) would not run. Each script only hides, shows
or sorts what the page already holds, so every page reads in full without scripts.
"""

from __future__ import annotations

import base64
import hashlib
from html import escape

CSS = """
*{box-sizing:border-box}
body{font-family:system-ui,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;line-height:1.55;margin:0;color:#111;background:#fff}
header.site,main,footer.site{max-width:72rem;margin:0 auto;padding:.6rem 1rem}
header.site{border-bottom:1px solid #ddd}
header.site nav a{margin-right:1rem}
.brand{color:#555;font-size:.85rem;margin:0}
h1{font-size:1.4rem;margin:.6rem 0;overflow-wrap:anywhere}
h2{font-size:1.15rem;margin:1.4rem 0 .5rem}
a{color:#0b57a4}
p,li,td,th,dd,dt,summary{overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid #e4e4e4}
th{background:#f6f6f6;font-weight:600}
th.sortable{cursor:pointer}
.badge{display:inline-block;border-radius:3px;padding:0 .35rem;font-size:.82rem;white-space:nowrap}
.v-material{background:#b3261e;color:#fff}
.v-changed{background:#fff0c2;color:#5c4300}
.v-silent{background:#5c2d91;color:#fff}
.v-technical{background:#e8e8e8;color:#333}
.v-single,.v-none{background:#eef;color:#333}
.fail{color:#b3261e;font-weight:600}
.muted{color:#666;font-size:.88rem}
.tag{display:inline-block;background:#eef3f8;border-radius:3px;padding:0 .3rem;margin:0 .2rem .2rem 0;font-size:.82rem}
.filters{display:flex;flex-wrap:wrap;gap:.8rem;margin:.6rem 0}
.filters[hidden]{display:none}
.filters label{font-size:.9rem}
ol.timeline{list-style:none;padding:0;margin:0}
ol.timeline>li{border-left:3px solid #ccc;padding:.3rem 0 .6rem .9rem;margin-left:.3rem}
ol.timeline>li.change{border-left-color:#f0c000}
ol.timeline>li.change.material{border-left-color:#b3261e}
ol.timeline>li.change.technical{border-left-color:#aaa}
.vhead{font-weight:600}
ol.timeline p{margin:.15rem 0}
.links a{margin-right:.8rem}
ul.summary{margin:.2rem 0;padding-left:1.2rem}
pre.policy{white-space:pre-wrap;overflow-wrap:anywhere;font-family:inherit;background:#fafafa;border:1px solid #eee;padding:.8rem}
.search input{font-size:1rem;padding:.35rem;width:100%;max-width:30rem}
ul.hits{list-style:none;padding:0}
ul.hits li{border-bottom:1px solid #eee;padding:.4rem 0}
ul.hits .words{color:#444;font-size:.85rem;display:-webkit-box;-webkit-line-clamp:3;-webkit-box-orient:vertical;overflow:hidden}
code.cmd{display:block;background:#f4f4f4;padding:.5rem;overflow-wrap:anywhere;white-space:pre-wrap}
form.pick{display:flex;flex-wrap:wrap;gap:.6rem;align-items:end}
select,input[type=date]{font-size:1rem;max-width:100%}
.site-nav{font-family:system-ui,sans-serif;background:#f3f6fa;border-bottom:1px solid #dde;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.4rem 1.2rem}
@media (max-width:640px){
  table.policies thead{display:none}
  table.policies tr{display:block;border-bottom:2px solid #ddd;padding:.3rem 0}
  table.policies td{display:block;border:0;padding:.1rem .3rem}
  table.policies td[data-label]:before{content:attr(data-label) "：";color:#666;font-size:.85rem}
  table.versions th,table.versions td{padding:.25rem}
}
@media print{
  header.site nav,.filters,.search,form.pick,.site-nav,.noprint{display:none!important}
  a{color:#000;text-decoration:none}
  details::details-content{content-visibility:visible;display:block}
  ol.timeline>li{break-inside:avoid}
}
"""

# The index: filter rows by tag and verdict (also from ``?tag=…&verdict=…``, a link one can share),
# sort by a column heading (reads data-* attributes).
INDEX_JS = """(function(){
var t=document.getElementById('policies');if(!t)return;var f=document.getElementById('filters');f.hidden=false;
var tag=document.getElementById('f-tag'),ver=document.getElementById('f-verdict');
function apply(){var a=tag.value,b=ver.value;var rows=t.tBodies[0].rows;
for(var i=0;i<rows.length;i++){var r=rows[i];var tags=(r.getAttribute('data-tags')||'').split('\\u001f');
r.hidden=!((!a||tags.indexOf(a)>=0)&&(!b||r.getAttribute('data-verdict')===b));}}
tag.addEventListener('change',apply);ver.addEventListener('change',apply);
var qs=new URLSearchParams(location.search);if(qs.get('tag'))tag.value=qs.get('tag');if(qs.get('verdict'))ver.value=qs.get('verdict');apply();
var ths=t.tHead.rows[0].cells;for(var j=0;j<ths.length;j++){(function(k){var th=ths[k];th.className+=' sortable';
th.addEventListener('click',function(){var body=t.tBodies[0];var rows=Array.prototype.slice.call(body.rows);
var dir=th.getAttribute('data-dir')==='asc'?-1:1;th.setAttribute('data-dir',dir===1?'asc':'desc');
rows.sort(function(x,y){var p=x.cells[k].getAttribute('data-sort')||x.cells[k].textContent,q=y.cells[k].getAttribute('data-sort')||y.cells[k].textContent;
var n=parseFloat(p),m=parseFloat(q);if(!isNaN(n)&&!isNaN(m)&&/^[-0-9.]+$/.test(p)&&/^[-0-9.]+$/.test(q))return (n-m)*dir;return p<q?-dir:p>q?dir:0;});
rows.forEach(function(r){body.appendChild(r);});});})(j);}
})();"""

# The search page: hide the entries whose words do not hold every term typed.
SEARCH_JS = """(function(){
var box=document.getElementById('q');var list=document.getElementById('hits');if(!box||!list)return;
document.getElementById('search-form').hidden=false;var n=document.getElementById('n');
function run(){var terms=box.value.toLowerCase().split(/\\s+/).filter(Boolean);var shown=0;
var items=list.children;for(var i=0;i<items.length;i++){var w=items[i].getAttribute('data-words').toLowerCase();
var ok=terms.every(function(t){return w.indexOf(t)>=0;});items[i].hidden=!ok;if(ok)shown++;}n.textContent=String(shown);}
box.addEventListener('input',run);var q=new URLSearchParams(location.search).get('q');if(q){box.value=q;}run();
})();"""

# A timeline: name the `policydiff diff` command of any two versions (and link a report that
# exists), and find the version in force on a date (stated effective date, else the fetch date;
# ``index.html?at=2022-05-01`` opens with the answer, a link one can share).
TIMELINE_JS = """(function(){
var data=JSON.parse(document.getElementById('versions-data').textContent);
var pf=document.getElementById('pair-form');if(pf){pf.hidden=false;var a=document.getElementById('pa'),b=document.getElementById('pb'),
out=document.getElementById('pair-cmd'),link=document.getElementById('pair-link');
function pair(){var x=a.value,y=b.value;out.textContent='policydiff diff '+data.slug+' '+x+' '+y;var f=data.reports[x+'-'+y];
if(f){link.hidden=false;link.firstElementChild.setAttribute('href',f);}else{link.hidden=true;}}
a.addEventListener('change',pair);b.addEventListener('change',pair);pair();}
var af=document.getElementById('at-form');if(af){af.hidden=false;var d=document.getElementById('at'),res=document.getElementById('at-result');
function at(){var day=d.value;if(!day){res.textContent='';return;}var best=null;
data.versions.forEach(function(v){if(v.basis<=day&&(!best||v.basis>=best.basis))best=v;});
res.textContent='';if(!best){res.textContent=data.words.none;return;}var link=document.createElement('a');link.setAttribute('href',best.href);
link.textContent=data.words.version+' '+best.index;res.appendChild(link);res.appendChild(document.createTextNode(' '+best.basis+' — '+data.words[best.how]));}
d.addEventListener('change',at);d.addEventListener('input',at);
var q=new URLSearchParams(location.search).get('at');if(q&&/^\\d{4}-\\d{2}-\\d{2}$/.test(q)){d.value=q;at();}}
})();"""


def script_hash(script: str) -> str:
    """The CSP source that allows exactly this inline script.

    >>> script_hash("1")
    "'sha256-a4ayc/80/OGda4BO/1o/V0etpOqiLx1JwB5S3beHW0s='"
    """
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def csp(scripts: tuple[str, ...] = ()) -> str:
    """The pages' Content-Security-Policy: nothing from anywhere, inline styles, the named scripts."""
    script_src = f"; script-src {' '.join(script_hash(s) for s in scripts)}" if scripts else ""
    return f"default-src 'none'; style-src 'unsafe-inline'; img-src data:{script_src}; base-uri 'none'; form-action 'none'"


def page(title: str, body: str, *, lang: str = "zh", scripts: tuple[str, ...] = (), canonical: str | None = None,
         extra_head: str = "") -> str:
    """A whole page: the shell with its CSP, the stylesheet, ``body`` (already escaped) and the scripts."""
    html_lang = "en" if lang == "en" else "zh-CN"
    canon = f'<link rel="canonical" href="{escape(canonical)}">' if canonical else ""
    tail = "".join(f"<script>{s}</script>" for s in scripts)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html_lang}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp(scripts)}">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>{canon}{extra_head}<style>{CSS}</style></head>\n<body>{body}{tail}</body></html>\n"
    )
