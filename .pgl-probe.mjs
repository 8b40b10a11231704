import { PGlite } from "@electric-sql/pglite";
let t=Date.now(); const a=new PGlite(); await a.waitReady; console.log("new", Date.now()-t);
t=Date.now(); const b=new PGlite(); await b.waitReady; console.log("new2", Date.now()-t);
t=Date.now(); const c=await a.clone(); console.log("clone", Date.now()-t);
t=Date.now(); const d=await a.clone(); await d.query("select 1"); console.log("clone2", Date.now()-t);
t=Date.now(); const dump = await a.dumpDataDir("none"); console.log("dump", Date.now()-t, dump.size);
t=Date.now(); const e=new PGlite({loadDataDir: dump}); await e.waitReady; console.log("load", Date.now()-t);
