'use strict';

// Lints every diagram in the given folders with bpmnlint:recommended and the Camunda 7.24 compatibility rules
// (the project's .bpmnlintrc), parsing them with the Camunda and Modeler extensions as Camunda Modeler does.
// Prints one line per report and exits 1 when there is any error or warning.

const fs = require('node:fs');
const path = require('node:path');

const { BpmnModdle } = require('bpmn-moddle');
const { Linter } = require('bpmnlint');
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver');
const camunda = require('camunda-bpmn-moddle/resources/camunda.json');
const modeler = require('modeler-moddle/resources/modeler.json');

async function main(root, folders) {
  const config = JSON.parse(fs.readFileSync(path.join(root, '.bpmnlintrc'), 'utf8'));
  let problems = 0;
  let files = 0;
  for (const folder of folders) {
    for (const name of fs.readdirSync(path.join(root, folder)).filter(f => f.endsWith('.bpmn')).sort()) {
      files++;
      const file = path.join(folder, name);
      const xml = fs.readFileSync(path.join(root, file), 'utf8');
      let definitions;
      try {
        const parsed = await new BpmnModdle({ camunda, modeler }).fromXML(xml, 'bpmn:Definitions');
        definitions = parsed.rootElement;
        for (const warning of parsed.warnings) {
          problems++;
          console.log(`${ file }: warning: cannot read part of the diagram: ${ warning.message.split('\n')[0] }`);
        }
      } catch (err) {
        problems++;
        console.log(`${ file }: error: not a readable BPMN diagram: ${ err.message.split('\n')[0] }`);
        continue;
      }
      // a linter per diagram: some rules keep state while they walk one diagram
      const linter = new Linter({ config, resolver: new NodeResolver({ require }) }); // plugins from here, any cwd
      const results = await linter.lint(definitions);
      for (const [ rule, reports ] of Object.entries(results)) {
        for (const report of reports) {
          if (report.category === 'error' || report.category === 'warn') {
            problems++; // info-level hints are printed, not counted, as in the Modeler's problems panel
          }
          console.log(`${ file }: ${ report.category }: ${ report.id || '' } ${ report.message } (${ rule })`);
        }
      }
    }
  }
  console.log(`${ files } diagrams, ${ problems } problems`);
  return problems === 0 ? 0 : 1;
}

const [ root, ...folders ] = process.argv.slice(2);
main(path.resolve(root), folders.length ? folders : [ 'bpmn' ])
  .then(code => process.exit(code), err => { console.error(err); process.exit(2); });
