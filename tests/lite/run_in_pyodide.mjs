// Run notebook cells in Pyodide under Node, with no network: the wheels are unpacked from local
// files, as JupyterLite's kernel would install them, and /drive is made as JupyterLite mounts it.
//   node run_in_pyodide.mjs JOB.json
// JOB: {pyodide, wheels: [paths], cwd, driver: path of pyodide_cells.py, cells: [sources], result}
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

// An uncaught error would print Pyodide's minified source line: print its message only.
process.on("uncaughtException", (error) => {
  console.error(error?.message ?? String(error));
  process.exit(1);
});
const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
const { loadPyodide } = await import(pathToFileURL(`${job.pyodide}/pyodide.mjs`).href);
// Python's own prints go to stderr: stdout stays free, and the result goes to a file.
const pyodide = await loadPyodide({ indexURL: `${job.pyodide}/`, stdout: (line) => console.error(line) });
// Into site-packages: unpackArchive's default is the working directory.
const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
for (const wheel of job.wheels) {
  pyodide.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel", { extractDir: sitePackages });
}
pyodide.FS.mkdirTree(job.cwd);
pyodide.FS.chdir(job.cwd);
pyodide.globals.set("CELLS", pyodide.toPy(job.cells));
const result = await pyodide.runPythonAsync(readFileSync(job.driver, "utf8"));
writeFileSync(job.result, result);
