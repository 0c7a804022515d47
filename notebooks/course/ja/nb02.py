"""Japanese text of notebook 02 · 運用チェックポイントがフォールバックするとき (code: ``notebooks/course/nb02.py``)."""

MARKDOWN = {
    "title": r"""
# 02 · 運用チェックポイントがフォールバックするとき

| | |
|---|---|
| **目標** | このノートブックを終えると、次のことができます: 運用チェックポイントに必要な条件を挙げる (A5, B3～B6)。条件が 1 つ満たされないとき、`Production`、`ProductionOnly`、`Standard`、`Disabled` がそれぞれどうなるかを予想する (B1, B2, B7)。Hyper-V のメッセージを見分ける。「実行中」と表示される VM でもフォールバックすることがある理由を説明する (A8)。 |
| **前提** | 01 (2 つの種類)。または「運用チェックポイントはメモリを含まず、標準チェックポイントは含む」ことを知っていること。 |
| **所要時間** | 約 35 分 |
| **ポイント** | A5, A8 · ルール B1～B8 |

*English version: [../02-when-production-falls-back.ipynb](../02-when-production-falls-back.ipynb)*
""",
    "a5-intro": r"""
## 1. 運用チェックポイントにはゲストが必要 (A5)

実行中の VM の運用チェックポイントは、ゲストの **ボリューム シャドウ コピー サービス (VSS)** を使います (A5)。
Linux のゲストでは、代わりにファイル システムをフリーズします。つまり、ゲストが応答できなければなりません。
hvlab は次の条件をすべて確認し、満たされないものを 1 つ残らず表示します (B3～B7):

| ルール | 条件 |
|---|---|
| B7 | VM が **保存済み** (Saved) でも **一時停止** (Paused) でもない: それらの状態ではゲストが実行されていない。 |
| B3 | VM が **実行中で、ゲストの起動が完了している** (ハートビートが応答している)。 |
| B4 | 統合サービス **「バックアップ (ボリューム シャドウ コピー)」** (PowerShell での名前は `VSS`) がホストで有効。 |
| B5 | ゲストの要求元 (リクエスター) が動いている: Windows では `vmicvss` (統合サービスがある場合)、Linux では `hv_vss_daemon` (パッケージ hyperv-daemons)。 |
| B6 | VM の構成バージョンが 6.2 以降。 |

条件が 1 つでも満たされないときは、設定によって結果が決まります (B1, B7)。`Production` は代わりに **標準**
チェックポイントを作成し、`ProductionOnly` は **失敗して何も作成しません**。
""",
    "a8-booting-predict": r"""
## 2. 「実行中」だけでは足りない (A8, B3)

> **予想。** VM を起動した直後です。Hyper-V マネージャーには **実行中** (Running) と表示されています。
> いまチェックポイントを作成すると、運用と標準のどちらになるでしょう。
""",
    "a8-booting-explain": r"""
### 解説

Hyper-V の「実行中」は、VM にリソースが割り当てられたことを意味するだけで、オペレーティング システムの起動が
完了したことは意味しません (B3、IS-REF)。ゲストがまだ起動中のあいだは VSS の要求元が動いていない
ので、運用チェックポイントは作成できず、`Production` は標準にフォールバックします (A8, B3)。
ゲストの起動が完了すれば、同じ要求が成功します:
""",
    "a8-backup-is-predict": r"""
## 3. 条件を 1 つずつ

下の各セルは **1 つだけ** 変更し、プレビューを表示してから、その変更を元に戻します。

> **予想。** ホストの統合サービス「バックアップ (ボリューム シャドウ コピー)」をオフにします。
""",
    "a8-backup-is-explain": r"""
「バックアップ (ボリューム シャドウ コピー)」をオフにすると、ゲストが起動中のときと同じ結果になります。代わりに
標準チェックポイントが作成されます (A8, B4)。PowerShell では `Disable-VMIntegrationService -VMName app01 -Name VSS` です。

> **予想。** VM が **保存済み** の場合。次に、VM が **一時停止** の場合。
""",
    "b7-explain": r"""
**保存済み** の VM は運用チェックポイントを作成できません (A8, B7)。ゲストが実行されていないので VSS を
実行できないからです。フォールバックしたチェックポイントには、保存された状態が含まれます。**一時停止** の VM に
ついては、Microsoft はこれを文書化していません。hvlab は次のように仮定しています: 一時停止中の VM は、保存済みの
VM と同じく運用チェックポイントを作成できない (ゲストが実行されていない) (B7)。

> **予想。** `hv_vss_daemon` が動いて **いない** Linux ゲストの場合。
""",
    "b5-explain": r"""
Linux ゲストは `hv_vss_daemon` (パッケージ hyperv-daemons) を通じて運用チェックポイントに応答します。これがないと、
ゲストの中にはファイル システムをフリーズできるものがないので、`Production` はフォールバックします (B5)。
Windows でも、`vmicvss` (Hyper-V Volume Shadow Copy Requestor) が停止しているか、ゲストに統合サービスが
ない場合は同じです。

> **予想。** 構成バージョン 5.0 の古い VM (Windows Server 2012 R2 互換の VM) の場合。
""",
    "b6-explain": r"""
運用チェックポイントには構成バージョン 6.2 以降が必要です (B6, VMVER)。

ホストがその構成バージョンを実行できるかどうかは、ホストの Windows のバージョンで決まります (B26, VMVER)。
Windows Server 2022 が実行できるのは 8.0～10.0 で、5.0 の VM は起動できません。そのため、この VM は 5.0 を
まだ実行できる **Windows Server 2019** のホストに置いています。構成バージョンは上げる (`Update-VMVersion`、VM は
オフ) だけで、下げることはできません。

設定、状態、サービス、ゲストのすべての組み合わせは、コマンド 1 つで確かめられます:
`python -m hvlab table --format markdown`。
""",
    "b1-production-only-predict": r"""
## 4. `ProductionOnly`: フォールバックしない (B1, B7)

> **予想。** 同じ保存済みの VM で、設定が `ProductionOnly` の場合です。結果は標準チェックポイント、エラー、
> 何も起きない、のどれでしょう。
""",
    "b7-production-only-explain": r"""
### 解説

`ProductionOnly` の意味は "Create production checkpoints if supported by guest operating system.
Otherwise, the operation fails." (ゲスト OS がサポートしていれば運用チェックポイントを作成し、そうでなければ操作は
失敗する) です (SETVM)。上の最初の 2 行は、この場合に実際のホストが記録した行を **第三者が公開したもの** です。
Microsoft の文書ではなく観察です: フォーラムのスレッドに貼り付けられたイベント ログのテキスト (https://forum.acronis.com/forum/acronis-cyber-protect-16-forum/activity-succeeded-warnings-production-checkpoints-cannot-be-created)。
これらのメッセージを示す Microsoft のページはなく、hvlab は観察された文言を英語のまま表示します (B7):

    Production checkpoints cannot be created for '<VM>'. (Virtual machine ID <GUID>)
    Checkpoint operation for '<VM>' failed. (Virtual machine ID <GUID>)

意味は「'<VM>' の運用チェックポイントを作成できない」「'<VM>' のチェックポイント操作が失敗した」です。
何も作成されず、何も変わりません。

では **オフ** の VM で `ProductionOnly` の場合はどうでしょう。静止させるものが何もないので、チェックポイントは
成功します (B8)。Microsoft はこれを文書化していません。hvlab は次のように仮定しています: 設定が運用のみ
(ProductionOnly) でも、オフの VM では成功し (静止させるものがない)、運用チェックポイントと表示される。
""",
    "b2-disabled-predict": r"""
## 5. 無効 (`Disabled`) (B2)

> **予想。** チェックポイントが無効です (「チェックポイントを有効にする」がオフ)。
> `Checkpoint-VM` は何と表示するでしょう。
""",
    "b2-explain": r"""
Hyper-V はすべてのチェックポイントを拒否します。この設定は PowerShell の `Checkpoint-VM` にも適用されます
(ATMARKIT-2015)。PowerShell は次のように報告します (B2)。これは Microsoft の文書の文言ではなく、第三者が公開した
PowerShell の出力 (https://github.com/hashicorp/vagrant/issues/9977) で、観察です。英語のまま示します
(「チェックポイント操作が失敗した」「チェックポイントは無効になっている」という意味です):

    Checkpoint operation failed.
    Checkpoints have been disabled.
    Checkpoint operation for '<VM>' failed. (Virtual machine ID <GUID>)
    Checkpoints have been disabled for '<VM>'. (Virtual machine ID <GUID>).
""",
    "explorer-intro": r"""
## 6. 自分で試す

エクスプローラーで、`Production` をフォールバックさせる **2 つの異なる方法** と、VM が実行中のまま
`ProductionOnly` を失敗させる方法を 1 つ見つけてください。チェックリストは満たされないルールを示し、判定経路の図は
要求がどこで運用チェックポイントへの道を外れたかを示します。
""",
    "check-title": r"""
## 理解度チェック
""",
    "summary": r"""
## まとめ

- 実行中の VM の運用チェックポイントにはゲストが必要です: VM が実行中で **起動が完了している** こと (B3)、
  「バックアップ (ボリューム シャドウ コピー)」がオン (B4)、`vmicvss` / `hv_vss_daemon` が動いている (B5)、
  構成バージョンが 6.2 以上 (B6)、保存済みでも一時停止でもない (B7) (A5, A8)。
- `Production` は標準にフォールバックします。`ProductionOnly` は
  `Production checkpoints cannot be created for '<VM>'…` (観察された文言) で失敗し、何も作成しません。
  `Disabled` はすべてのチェックポイントを拒否します (B1, B2, B7)。
- オフの VM は `Production` と `Standard` でチェックポイントを作成できます (B8)。ただし、チェックポイントが
  `Disabled` のとき (B2) や、VM にすでに 50 個のチェックポイントがあるとき (B20) はできません。`ProductionOnly` が
  オフの VM で成功するというのは hvlab の仮定です (B8)。
- チェックポイントがフォールバックしたことを、Hyper-V は後から表示しません (B25。何が表示されるかはノートブック 01 で確かめました)。

**次へ:** [03 · ディスク チェーンの中身](03-inside-the-disk-chain.ipynb)
""",
}
