"""Japanese text of notebook 01 · 標準チェックポイントと運用チェックポイント (code: ``notebooks/course/nb01.py``)."""

MARKDOWN = {
    "title": r"""
# 01 · 標準チェックポイントと運用チェックポイント

| | |
|---|---|
| **目標** | このノートブックを終えると、次のことができます: 2 種類のチェックポイントと、新しい VM の既定の設定を挙げる (A1)。それぞれに何が含まれるか、なぜ運用チェックポイントにはコンソールのサムネイルがないのかを説明する (A2)。オフの VM では、どちらの種類でも保存される内容が同じになる理由を説明する (A4)。 |
| **前提** | なし (ラボの使い方は 00 で説明しています)。 |
| **所要時間** | 約 25 分 |
| **ポイント** | A1, A2, A4 · ルール B1, B8～B11, B25 |

*English version: [../01-standard-vs-production.ipynb](../01-standard-vs-production.ipynb)*
""",
    "a1-two-kinds": r"""
## 1. 2 種類のチェックポイント (A1)

Windows Server Technical Preview (後の Windows Server 2016) で **運用チェックポイント** が追加されました。
従来の種類も残り、**標準チェックポイント** と呼ばれるようになりました (A1)。Microsoft は次のように説明しています (USING):

- *標準*: "takes a snapshot of the virtual machine and virtual machine memory state at the
  time the checkpoint is initiated. A snapshot is not a full backup"
  (チェックポイント開始時点の仮想マシンと、そのメモリの状態のスナップショットを取る。スナップショットは完全なバックアップではない)。
- *運用*: "uses Volume Shadow Copy Service or File System Freeze on a Linux virtual
  machine to create a data-consistent backup of the virtual machine. No snapshot of the virtual
  machine memory state is taken."
  (ボリューム シャドウ コピー サービス、Linux 仮想マシンではファイル システムのフリーズを使って、データ整合性のある
  バックアップを作る。仮想マシンのメモリの状態のスナップショットは取らない)。

> **予想。** 新しい VM を作成し、設定には一切触れません。チェックポイントの設定はどれになっているでしょう。
""",
    "b1-settings": r"""
新しい VM は運用チェックポイントを作ろうとします (A1)。既定の設定は `Production` で、運用チェックポイントを
作れないときは標準チェックポイントにフォールバックします (リファレンス §1.3、B1)。設定の値は 4 つあり (B1)、
Hyper-V マネージャーでは *[設定] → [チェックポイント]* に表示されます。日本語 UI の正確なラベルは確認できて
いないため、英語のラベルを併記します:

| `Set-VM -CheckpointType` | Hyper-V マネージャー |
|---|---|
| `Disabled` | 「チェックポイントを有効にする」("Enable checkpoints") がオフ |
| `Production` (既定) | 「運用チェックポイント」("Production checkpoints") を選び、"Create standard checkpoints if it's not possible to create a production checkpoint." (運用チェックポイントを作成できない場合は標準チェックポイントを作成する) がオン |
| `ProductionOnly` | 「運用チェックポイント」を選び、上のチェック ボックスがオフ |
| `Standard` | 「標準チェックポイント」("Standard checkpoints") |

文言の落とし穴: Hyper-V マネージャーは *標準チェックポイント* を "Create application-consistent checkpoints
that capture the current state of applications." と説明しています。これは「アプリケーションの実行中の (メモリ上の)
状態を保存する」という意味に読んでください。Microsoft のどの文書でも、データ整合性があるのは *運用*
チェックポイントの方です (リファレンス §1.4)。
""",
    "a2-setup": r"""
## 2. それぞれに含まれるもの (A2)

VM を起動し、ゲストでメモ帳 (コードでは英語名の `"Notepad"`) を開いて文書を保存します。
""",
    "a2-predict": r"""
> **予想。** 既定の設定 (`Production`) でチェックポイントを作成します。
> そのチェックポイントには、画面上に開いているメモ帳が含まれるでしょうか。チェックポイントを選んだとき、
> Hyper-V マネージャーは VM の画面の小さな画像 (コンソールのサムネイル) を表示するでしょうか。
""",
    "a2-explain": r"""
### 解説

- **運用**チェックポイントは、ゲストのバックアップ技術 (Windows では VSS) にディスクの整合性をとらせてから、
  ディスク (仮想ディスクごとに新しい AVHDX)、構成 (`.vmcx`)、そして **メモリを含まない** 実行時状態ファイル
  (`.vmrs`) を保存しました。メモリもデバイスの状態も含まれません。そのためメモ帳は含まれず、
  **コンソールのサムネイルもありません** (A2, B9)。
- **標準**チェックポイントのファイルも同じですが、その `.vmrs` にはメモリとデバイスの状態も保存されます
  (B10, B11)。メモ帳も含まれ、Hyper-V マネージャーにはサムネイルが表示されます。

`.vmrs` はどのチェックポイントにもあります: "Each checkpoint creates a configuration file and runtime state
file." (チェックポイントごとに構成ファイルと実行時状態ファイルが作られる。Microsoft、https://learn.microsoft.com/windows-server/virtualization/hyper-v/deploy/upgrade-virtual-machine-version-in-hyper-v-on-windows-or-windows-server)。違うのは、
実行時状態ファイルに何が入るかです。

サムネイルがないことが、記事が指摘する目に見える違いです (A2)。
""",
    "b25-what-hyperv-shows": r"""
### 本物の Hyper-V が後から表示するもの (B25)

hvlab は、それぞれのチェックポイントがどちらの種類になったかを知っています。しかし本物の Hyper-V は教えて
くれません。`Get-VMSnapshot` の `SnapshotType` には "Production" という値がないのです。見えるのは **メモリの状態を
含まない** ことの結果です。サムネイルがないこと (A2)、そして適用後に VM がオフになること (A3、ノートブック 04) です。
これは「運用」の証拠にはなりません。オフの VM の標準チェックポイントもメモリを含まないので、まったく同じに見えます
(A4, B8, B14。下の 3 節)。
""",
    "a4-predict": r"""
## 3. オフの VM (A4)

> **予想。** 2 台の VM が **オフ** です。一方は `Production`、もう一方は `Standard` に設定されています。
> 両者のチェックポイントに含まれるものは違うでしょうか。
""",
    "a4-explain": r"""
### 解説

オフの VM には保存するメモリもなく、整合性を依頼できる実行中のゲストもありません。そのため、どちらの設定でも
保存されるものは同じで、ディスク (ディスクごとに新しい AVHDX) と構成だけです (A4, B8)。適用後の VM は、
どちらの場合もオフです。

`Production` の設定でオフの VM のチェックポイントに Hyper-V がどちらの *ラベル* を付けるかについて、
Microsoft はこれを文書化していません。hvlab は次のように仮定しています: 設定された種類のラベルが付く。
そのため hvlab はこれを運用チェックポイントと呼び、内容は同一であることを伝えます (B8)。
""",
    "explorer-intro": r"""
## 4. 自分で試す

エクスプローラーで、まず VM の状態を **オフ** にし、**運用チェックポイント** と **標準チェックポイント** を切り替えて
みてください。ラベルは変わりますが、内容は変わりません (A4)。次に **実行中、ゲストは起動済み** にして、もう一度
比べます (A2)。
判定経路の図は、チェックポイントがどのルールを通ったかを示します。
""",
    "decision-path-intro": r"""
実行中の `web01` (設定はいま `Standard`) についての同じ判定経路:
""",
    "check-title": r"""
## 理解度チェック
""",
    "summary": r"""
## まとめ

- 種類は 2 つ: **標準** (従来のスナップショット、メモリを含む) と **運用** (新しい種類、ゲストのバックアップ技術で
  作成、メモリを含まない)。新しい VM の設定は `Production`: 運用チェックポイントを作り、できなければ標準に
  フォールバックします (A1, B1)。
- 実行中の VM の運用チェックポイントに含まれるのは、ディスク、構成、メモリを含まない `.vmrs` 実行時状態ファイルです。そのため **コンソールのサムネイルが
  ありません** (A2, B9)。標準チェックポイントにはメモリとデバイスの状態も含まれます (B10)。
- **オフ** の VM では、どちらの種類にも同じもの (ディスク + 構成) が含まれます (A4, B8)。
- 本物の Hyper-V は、作成後のチェックポイントに「運用」というラベルを表示しません。サムネイルがなく適用後にオフになることが
  示すのはメモリの状態を含まないことだけで、オフの VM の標準チェックポイントも同じです (B25, A4)。

**次へ:** [02 · 運用チェックポイントがフォールバックするとき](02-when-production-falls-back.ipynb)
""",
}
