/**
 * The one context object: owns the language client, the output channel, the status bar,
 * the message log and every disposable. Commands reach the server only through it.
 */
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification, LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions,
} from 'vscode-languageclient/node';
import {
  CONFIG_SECTION,
  ListProvidersRequest,
  SecretsNotification,
  StatusNotification,
  WorkspaceTrustNotification,
  ClientCommands,
  EvidenceCommands,
  type ProviderInfo,
} from '../../server/src/protocol';
import { readScopedSettings } from './config';
import { HostConfirmations } from './trustPrompt';
import { offerHeaderMigration } from './commands/otlpHeaders';
import { Messages } from './messages';
import { Secrets } from './secrets';
import { Supervisor } from './supervisor';
import { HealthWatch } from './healthWatch';
import { StatusBar } from './ui/statusBar';
import { attachPregeneration } from './ui/inlineCompletions';

const LANGUAGES = ['typescript', 'javascript', 'typescriptreact', 'javascriptreact'];

export class Ctx implements vscode.Disposable {
  readonly log: vscode.LogOutputChannel;
  readonly messages: Messages;
  readonly secrets: Secrets;
  readonly statusBar: StatusBar;
  /** Hosts the user allowed workspace settings to send a key or code to (trust scoping). */
  readonly hosts: HostConfirmations;
  private readonly supervisor: Supervisor;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly clientDisposables: vscode.Disposable[] = [];
  private readonly startedEmitter = new vscode.EventEmitter<number>();
  /** Fires with the server start count every time a server (re)start completes. */
  readonly onDidStartServer = this.startedEmitter.event;
  private _client: LanguageClient | undefined;
  private starts = 0;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.log = vscode.window.createOutputChannel('WeaverGen', { log: true });
    this.messages = new Messages(this.log);
    this.secrets = new Secrets(extension.secrets);
    this.statusBar = new StatusBar();
    this.hosts = new HostConfirmations(extension.globalState, this.log, (m) => void this.messages.show('warning', m));
    this.supervisor = new Supervisor({
      restarting: () => {
        this.log.warn('language server connection closed; restarting');
        void this.messages.show('warning', 'WeaverGen language server crashed and was restarted.');
      },
      gaveUp: (crashes) => {
        this.statusBar.setState('stopped');
        void this.messages
          .show('error', `WeaverGen language server crashed ${crashes} times in a few minutes and was not restarted.`, 'Restart', 'Show Output')
          .then((choice) => {
            if (choice === 'Restart') void vscode.commands.executeCommand(ClientCommands.restartServer);
            if (choice === 'Show Output') this.log.show();
          });
      },
    });
    this.disposables.push(this.log, this.messages, this.statusBar, this.startedEmitter);
    this.disposables.push(this.secrets.onDidChange(() => void this.pushSecrets()));
    this.disposables.push(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(CONFIG_SECTION)) void this.reviewSettings();
    }));
  }

  /** The running client; throws a user-readable error when the server is not running. */
  get client(): LanguageClient {
    if (!this._client || !this._client.isRunning()) throw new Error('The WeaverGen language server is not running. Run "WeaverGen: Restart Server".');
    return this._client;
  }

  get isRunning(): boolean {
    return this._client?.isRunning() ?? false;
  }

  get serverStarts(): number {
    return this.starts;
  }

  get providers(): readonly ProviderInfo[] {
    return this.statusBar.currentProviders;
  }

  /** PID of the server process (test hook; vscode-languageclient keeps it private). */
  get serverPid(): number | undefined {
    const proc = (this._client as unknown as { _serverProcess?: { pid?: number } } | undefined)?._serverProcess;
    return proc?.pid;
  }

  async start(): Promise<void> {
    if (!this._client) this._client = this.createClient();
    this.statusBar.setState('starting');
    await this._client.start();
  }

  async stop(): Promise<void> {
    const client = this._client;
    this._client = undefined;
    for (const d of this.clientDisposables.splice(0)) d.dispose();
    if (client) {
      if (client.needsStop()) await client.stop();
      await client.dispose();
    }
    this.statusBar.setState('stopped');
  }

  async restart(): Promise<void> {
    this.supervisor.reset();
    await this.stop();
    await this.start();
  }

  private createClient(): LanguageClient {
    const module = this.extension.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    // A server alive but deaf never closes the connection: pinged while silent, ended when it stops answering.
    const health = new HealthWatch({ log: this.log, restart: () => this.endDeafServer() });
    const clientOptions: LanguageClientOptions = {
      documentSelector: LANGUAGES.flatMap((language) => [
        { scheme: 'file', language },
        { scheme: 'untitled', language },
      ]),
      synchronize: { configurationSection: CONFIG_SECTION },
      // The server only ever sees trust-scoped settings (client/src/settingsScope.ts): pulls are
      // answered with them, and a change is announced without values (the server then pulls).
      middleware: {
        workspace: {
          configuration: async (params, token, next) => {
            const answer = await next(params, token);
            if (!Array.isArray(answer)) return answer;
            return params.items.map((item, i) => (item.section === CONFIG_SECTION ? this.scopedSettings() : answer[i]));
          },
          didChangeConfiguration: (_sections, next) => next(undefined),
        },
      },
      // A function, so a restart after a crash sends the current settings.
      initializationOptions: () => ({
        settings: this.scopedSettings(), trusted: vscode.workspace.isTrusted,
        // Per-workspace storage for traces and generated-region provenance (survives reloads).
        storagePath: (this.extension.storageUri ?? this.extension.globalStorageUri).fsPath,
      }),
      // Hover links to the evidence commands (and nothing else) may run.
      markdown: { isTrusted: { enabledCommands: [EvidenceCommands.showEvidence, EvidenceCommands.showTrace] } },
      outputChannel: this.log,
      errorHandler: this.supervisor,
      connectionOptions: { messageStrategy: health.messageStrategy },
    };
    const client = new LanguageClient('weavergen', 'WeaverGen', serverOptions, clientOptions);
    // Predictive pre-generation: capability, ghost text from the cache, cursor hints, background status.
    this.clientDisposables.push(...attachPregeneration(client));
    this.clientDisposables.push(health.watch(client));
    this.clientDisposables.push(
      client.onNotification(StatusNotification, (status) => {
        this.statusBar.setProviders(status.providers);
        this.statusBar.setState(status.state, status.message);
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        if (client.isRunning()) void client.sendNotification(WorkspaceTrustNotification, { trusted: true });
      }),
      client.onDidChangeState((e) => {
        if (e.newState === State.Starting) this.statusBar.setState('starting');
        else if (e.newState === State.Stopped) this.statusBar.setState('stopped');
        else if (e.newState === State.Running) void this.onRunning(client);
      }),
    );
    return client;
  }

  private async onRunning(client: LanguageClient): Promise<void> {
    this.statusBar.setState('ready');
    await this.pushSecrets();
    void this.reviewSettings();
    if (this.starts === 0) void offerHeaderMigration(this);
    try {
      this.statusBar.setProviders(await client.sendRequest(ListProvidersRequest, undefined));
    } catch (e) {
      this.log.warn(`could not list providers: ${errorText(e)}`);
    }
    this.starts++;
    this.log.info(`language server running (start #${this.starts}, pid ${this.serverPid ?? '?'})`);
    this.startedEmitter.fire(this.starts);
  }

  /** Sends the keys from SecretStorage to the server (memory only). Never logs them. */
  async pushSecrets(): Promise<void> {
    const client = this._client;
    if (!client?.isRunning()) return;
    try {
      const secrets = await this.secrets.read();
      await client.sendNotification(SecretsNotification, secrets);
      const headers = Object.keys(secrets.otlpHeaders ?? {}).length;
      this.log.info(`pushed API keys for: ${Object.keys(secrets.keys).join(', ') || 'none'}; OTLP headers: ${headers}`);
    } catch (e) {
      this.log.warn(`could not push API keys: ${errorText(e)}`);
    }
  }

  /** The `weavergen` settings as the server may see them (hosts the user allowed included). */
  private scopedSettings(): Record<string, unknown> {
    return readScopedSettings(this.hosts.confirmed()).raw;
  }

  /** Tells what workspace settings are not used and asks about new hosts; re-sends the settings when one was allowed. */
  private async reviewSettings(): Promise<void> {
    try {
      const allowed = await this.hosts.review(readScopedSettings(this.hosts.confirmed()).decision);
      const client = this._client;
      if (allowed && client?.isRunning()) await client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    } catch (e) {
      this.log.warn(`could not review the settings: ${errorText(e)}`);
    }
  }

  /** Ends a server that stopped answering; the supervisor restarts it (and counts it as a crash). */
  private endDeafServer(): void {
    const pid = this.serverPid;
    try {
      if (pid !== undefined) return void process.kill(pid, 'SIGKILL');
    } catch (e) {
      this.log.warn(`could not end the language server (pid ${pid}): ${errorText(e)}`);
    }
    void this.restart();
  }

  /** Tracks a disposable for the lifetime of the extension. */
  track(d: vscode.Disposable): void {
    this.disposables.push(d);
  }

  async dispose(): Promise<void> {
    await this.stop();
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
