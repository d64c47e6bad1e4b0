// Starts `zhengce lsp` for .policy files and connects VS Code to it over standard input/output.
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const settings = vscode.workspace.getConfiguration('zhengce');
  const folder = settings.get('policies');
  const args = ['lsp'].concat(folder ? [folder] : []);
  const serverOptions = {
    command: settings.get('path') || 'zhengce',
    args: args,
    transport: TransportKind.stdio,
  };
  const clientOptions = {
    documentSelector: [{ scheme: 'file', language: 'zhengce' }],
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{policy,examples.json}'),
    },
  };
  client = new LanguageClient('zhengce', 'Zhengce', serverOptions, clientOptions);
  // The code lens command: show which examples check a clause, and how they fare.
  context.subscriptions.push(vscode.commands.registerCommand('zhengce.showExamples', async (clause) => {
    const text = await client.sendRequest('workspace/executeCommand', { command: 'zhengce.showExamples', arguments: [clause] });
    if (text) { vscode.window.showInformationMessage(String(text), { modal: true }); }
  }));
  client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
