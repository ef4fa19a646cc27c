
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'spm-kafka' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'spm-kafka'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'spm-kafka' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('--bootstrap-servers', '--bootstrap-servers', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--client-config', '--client-config', [CompletionResultType]::ParameterName, 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Show what `setup` would change to make the cluster match topics.yaml')
            [CompletionResult]::new('setup', 'setup', [CompletionResultType]::ParameterValue, 'Create and reconcile the topics of topics.yaml (never deletes)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check that the cluster matches topics.yaml: exit 0 in sync, 3 on drift (the CI gate)')
            [CompletionResult]::new('acls', 'acls', [CompletionResultType]::ParameterValue, 'List the cluster''s ACLs (filter by principal, topic or group)')
            [CompletionResult]::new('access', 'access', [CompletionResultType]::ParameterValue, 'The access matrix: services × topics and groups, as declared and as granted')
            [CompletionResult]::new('topics', 'topics', [CompletionResultType]::ParameterValue, 'List and describe topics (replaces kafka-topics --list / --describe)')
            [CompletionResult]::new('publish', 'publish', [CompletionResultType]::ParameterValue, 'Publish typed SPM events, validated against the catalogue (one, or a JSON Lines file)')
            [CompletionResult]::new('tail', 'tail', [CompletionResultType]::ParameterValue, 'Read events from topics: follow, or from a position; pretty on a terminal, JSON lines otherwise')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'The event catalogue: list the event types, or print one''s JSON Schema')
            [CompletionResult]::new('groups', 'groups', [CompletionResultType]::ParameterValue, 'List and describe consumer groups (replaces kafka-consumer-groups --list / --describe)')
            [CompletionResult]::new('lag', 'lag', [CompletionResultType]::ParameterValue, 'Consumer lag per group, topic and partition; --fail-above N exits 3 for alerting')
            [CompletionResult]::new('exporter', 'exporter', [CompletionResultType]::ParameterValue, 'Serve lag, time lag and group status to Prometheus (/metrics), collected in the background')
            [CompletionResult]::new('reset-offsets', 'reset-offsets', [CompletionResultType]::ParameterValue, 'Move a stopped group''s committed offsets (a dry run unless --execute)')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Diagnose the connection, the cluster and the topics, with the next step for each problem')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Back up topics and the consumer groups'' offsets into a directory (incremental)')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Restore a backup: records to their own partitions, group offsets translated')
            [CompletionResult]::new('verify-backup', 'verify-backup', [CompletionResultType]::ParameterValue, 'Check a backup''s files, and compare it record by record with a cluster (--against)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the shell completion script (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (or write every page with --out-dir)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'spm-kafka;plan' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'The topic spec')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The topic spec')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('--bootstrap-servers', '--bootstrap-servers', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--client-config', '--client-config', [CompletionResultType]::ParameterName, 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'spm-kafka;setup' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'The topic spec')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The topic spec')
            [CompletionResult]::new('--secrets', '--secrets', [CompletionResultType]::ParameterName, 'SPM_KAFKA_PASSWORD_<SERVICE>=password lines: the SCRAM passwords to set (else the environment)')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('--bootstrap-servers', '--bootstrap-servers', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--client-config', '--client-config', [CompletionResultType]::ParameterName, 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the plan only; change nothing')
            [CompletionResult]::new('--prune-acls', '--prune-acls', [CompletionResultType]::ParameterName, 'Also delete the ACLs of declared principals that topics.yaml does not grant')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'spm-kafka;verify' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'The topic spec')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The topic spec')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('--bootstrap-servers', '--bootstrap-servers', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--client-config', '--client-config', [CompletionResultType]::ParameterName, 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'spm-kafka;acls' {
            [CompletionResult]::new('--principal', '--principal', [CompletionResultType]::ParameterName, 'Only this principal''s ACLs (`User:` is implied when no type is given)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Only the ACLs that cover this topic (literal, `*` or a matching prefix)')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Only the ACLs that cover this topic (literal, `*` or a matching prefix)')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Only the ACLs that cover this consumer group')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Only the ACLs that cover this consumer group')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('--bootstrap-servers', '--bootstrap-servers', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--client-config', '--client-config', [CompletionResultType]::ParameterName, 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'spm-kafka;access' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'The topic spec')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The topic spec')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('--bootstrap-servers', '--bootstrap-servers', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--client-config', '--client-config', [CompletionResultType]::ParameterName, 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'spm-kafka;topics' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('--bootstrap-servers', '--bootstrap-servers', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--client-config', '--client-config', [CompletionResultType]::ParameterName, 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every topic with partitions, replication factor, message count and health')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'One topic: partitions with leader, replicas, ISR and offsets, and its non-default configs')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'spm-kafka;topics;list' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('--bootstrap-servers', '--bootstrap-servers', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--client-config', '--client-config', [CompletionResultType]::ParameterName, 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]')
            [CompletionResult]::new('--internal', '--internal', [CompletionResultType]::ParameterName, 'Include Kafka''s internal topics (__consumer_offsets, ...)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'spm-kafka;topics;describe' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('--bootstrap-servers', '--bootstrap-servers', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--client-config', '--client-config', [CompletionResultType]::ParameterName, 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'spm-kafka;topics;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every topic with partitions, replication factor, message count and health')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'One topic: partitions with leader, replicas, ISR and offsets, and its non-default configs')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'spm-kafka;topics;help;list' {
            break
        }
        'spm-kafka;topics;help;describe' {
            break
        }
        'spm-kafka;topics;help;help' {
            break
        }
        'spm-kafka;publish' {
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'The event''s data, a JSON object with the fields its type requires')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Publish every event of a JSON Lines file (`-` for stdin)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Publish every event of a JSON Lines file (`-` for stdin)')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'The Kafka key [default: data.id, so that one entity''s events stay in order]')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The Kafka key [default: data.id, so that one entity''s events stay in order]')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'The producer name written to `source`, for events that do not carry one')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Send every event to this topic instead of its type''s topic (a staging or test copy)')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Send every event to this topic instead of its type''s topic (a staging or test copy)')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('--bootstrap-servers', '--bootstrap-servers', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--client-config', '--client-config', [CompletionResultType]::ParameterName, 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Check everything and print what would be sent (one JSON line per event); send nothing')
            [CompletionResult]::new('--skip-invalid', '--skip-invalid', [CompletionResultType]::ParameterName, 'Send the valid lines of --file and report each invalid one, instead of sending nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'spm-kafka;tail' {
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'A topic to read, as -t in lag, reset-offsets and kcat (repeatable; adds to TOPIC...)')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'A topic to read, as -t in lag, reset-offsets and kcat (repeatable; adds to TOPIC...)')
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'Start at offset N of every partition, or P:N to start partition P at N (repeatable)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Start at the first event at or after a time: a duration ago (30m, 1h30m, PT2H, 7d) or RFC 3339')
            [CompletionResult]::new('--last', '--last', [CompletionResultType]::ParameterName, 'Start N events before the end of each partition')
            [CompletionResult]::new('--max', '--max', [CompletionResultType]::ParameterName, 'Stop after N events (counted after the filters)')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Only events of this type (repeatable)')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Only records with this key')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Only records with this key')
            [CompletionResult]::new('--partition', '--partition', [CompletionResultType]::ParameterName, 'Only this partition (repeatable)')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Read as a member of this consumer group, from its committed offsets (a new group: the end, or the oldest with --from-beginning), commit what was written out and leave the group on exit (never without this flag)')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Read as a member of this consumer group, from its committed offsets (a new group: the end, or the oldest with --from-beginning), commit what was written out and leave the group on exit (never without this flag)')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('--bootstrap-servers', '--bootstrap-servers', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--client-config', '--client-config', [CompletionResultType]::ParameterName, 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]')
            [CompletionResult]::new('--from-beginning', '--from-beginning', [CompletionResultType]::ParameterName, 'Start at the oldest event still on each partition [default: the end, following new events]')
            [CompletionResult]::new('--until-end', '--until-end', [CompletionResultType]::ParameterName, 'Stop when every partition has reached the end offset it had at start')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'spm-kafka;events' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('--bootstrap-servers', '--bootstrap-servers', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--client-config', '--client-config', [CompletionResultType]::ParameterName, 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every event type: its topic and the data fields it requires (-o json for programs)')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'The JSON Schema (draft 2020-12) of one event type''s envelope, to validate against in other languages')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'spm-kafka;events;list' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('--bootstrap-servers', '--bootstrap-servers', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--client-config', '--client-config', [CompletionResultType]::ParameterName, 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'spm-kafka;events;schema' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('--bootstrap-servers', '--bootstrap-servers', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--client-config', '--client-config', [CompletionResultType]::ParameterName, 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'spm-kafka;events;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every event type: its topic and the data fields it requires (-o json for programs)')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'The JSON Schema (draft 2020-12) of one event type''s envelope, to validate against in other languages')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'spm-kafka;events;help;list' {
            break
        }
        'spm-kafka;events;help;schema' {
            break
        }
        'spm-kafka;events;help;help' {
            break
        }
        'spm-kafka;groups' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('--bootstrap-servers', '--bootstrap-servers', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--client-config', '--client-config', [CompletionResultType]::ParameterName, 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every consumer group with its state, type, members, assignor and total lag')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'One group: state, coordinator, members with their partitions, and its offsets and lag')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a retired group and its committed offsets (only an Empty group; a dry run unless --execute)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'spm-kafka;groups;list' {
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Only groups in this state (any case); repeatable')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('--bootstrap-servers', '--bootstrap-servers', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--client-config', '--client-config', [CompletionResultType]::ParameterName, 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'spm-kafka;groups;describe' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('--bootstrap-servers', '--bootstrap-servers', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--client-config', '--client-config', [CompletionResultType]::ParameterName, 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'spm-kafka;groups;delete' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('--bootstrap-servers', '--bootstrap-servers', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--client-config', '--client-config', [CompletionResultType]::ParameterName, 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]')
            [CompletionResult]::new('--execute', '--execute', [CompletionResultType]::ParameterName, 'Delete it (without it, only show what would be deleted)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only show what would be deleted (the default; for kafka-consumer-groups habits)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'spm-kafka;groups;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every consumer group with its state, type, members, assignor and total lag')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'One group: state, coordinator, members with their partitions, and its offsets and lag')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a retired group and its committed offsets (only an Empty group; a dry run unless --execute)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'spm-kafka;groups;help;list' {
            break
        }
        'spm-kafka;groups;help;describe' {
            break
        }
        'spm-kafka;groups;help;delete' {
            break
        }
        'spm-kafka;groups;help;help' {
            break
        }
        'spm-kafka;lag' {
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Only this consumer group; repeatable [default: every group]')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Only this consumer group; repeatable [default: every group]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Only this topic; repeatable [default: every topic the groups read]. With --group, every partition of the topic is shown, also those the group never committed')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Only this topic; repeatable [default: every topic the groups read]. With --group, every partition of the topic is shown, also those the group never committed')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Redraw every INTERVAL (default 5s) until Ctrl-C; in place on a terminal. The status of each group is decided over the last 10 redraws')
            [CompletionResult]::new('--fail-above', '--fail-above', [CompletionResultType]::ParameterName, 'Exit 3 when any group''s total lag is above N (alerting from cron or CI)')
            [CompletionResult]::new('--fail-behind', '--fail-behind', [CompletionResultType]::ParameterName, 'Exit 3 when any group''s oldest unconsumed record is older than DURATION (e.g. 5m)')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('--bootstrap-servers', '--bootstrap-servers', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--client-config', '--client-config', [CompletionResultType]::ParameterName, 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'spm-kafka;exporter' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address to serve /metrics and /healthz on (port 0: any free port, printed at start)')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'How often to read the cluster; scrapes get the last reading')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('--bootstrap-servers', '--bootstrap-servers', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--client-config', '--client-config', [CompletionResultType]::ParameterName, 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'spm-kafka;reset-offsets' {
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'The consumer group (it must have no active members for --execute)')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'The consumer group (it must have no active members for --execute)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'A topic, or some of its partitions (orders:0,2,4-6); repeatable')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'A topic, or some of its partitions (orders:0,2,4-6); repeatable')
            [CompletionResult]::new('--to-offset', '--to-offset', [CompletionResultType]::ParameterName, 'To this offset on every partition')
            [CompletionResult]::new('--shift-by', '--shift-by', [CompletionResultType]::ParameterName, 'Forward (+N) or back (-N) from the committed offset')
            [CompletionResult]::new('--to-datetime', '--to-datetime', [CompletionResultType]::ParameterName, 'To the first message at or after this time (RFC 3339: 2024-05-01T10:00:00Z)')
            [CompletionResult]::new('--by-duration', '--by-duration', [CompletionResultType]::ParameterName, 'To the first message at or after this long ago (30m, 1h30m, PT12H, 7d)')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'To the offsets of a CSV file of topic,partition,offset lines (names the partitions too)')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('--bootstrap-servers', '--bootstrap-servers', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--client-config', '--client-config', [CompletionResultType]::ParameterName, 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]')
            [CompletionResult]::new('--all-topics', '--all-topics', [CompletionResultType]::ParameterName, 'Every partition of every topic the group has committed offsets for')
            [CompletionResult]::new('--to-earliest', '--to-earliest', [CompletionResultType]::ParameterName, 'To the oldest retained message (re-read everything)')
            [CompletionResult]::new('--to-latest', '--to-latest', [CompletionResultType]::ParameterName, 'To the log end (skip everything not yet read)')
            [CompletionResult]::new('--to-current', '--to-current', [CompletionResultType]::ParameterName, 'Where the group is now, clamped into the log')
            [CompletionResult]::new('--execute', '--execute', [CompletionResultType]::ParameterName, 'Commit the new offsets (without it, only show them)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only show the new offsets (the default; for kafka-consumer-groups habits)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'spm-kafka;doctor' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'The topic spec')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The topic spec')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('--bootstrap-servers', '--bootstrap-servers', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--client-config', '--client-config', [CompletionResultType]::ParameterName, 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'spm-kafka;backup' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The backup directory (created when missing; a later run appends only what is new)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'The topic spec')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The topic spec')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('--bootstrap-servers', '--bootstrap-servers', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--client-config', '--client-config', [CompletionResultType]::ParameterName, 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'spm-kafka;restore' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'The backup directory')
            [CompletionResult]::new('--topic-map', '--topic-map', [CompletionResultType]::ParameterName, 'Restore topic OLD under the name NEW; repeatable')
            [CompletionResult]::new('--topic-prefix', '--topic-prefix', [CompletionResultType]::ParameterName, 'Put this before the name of every topic not in --topic-map')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Restore only records with a timestamp at or before this (RFC 3339 or epoch ms)')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('--bootstrap-servers', '--bootstrap-servers', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--client-config', '--client-config', [CompletionResultType]::ParameterName, 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]')
            [CompletionResult]::new('--groups', '--groups', [CompletionResultType]::ParameterName, 'Write the translated group offsets (without it they are only shown)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'spm-kafka;verify-backup' {
            [CompletionResult]::new('--against', '--against', [CompletionResultType]::ParameterName, 'Compare the backup of TOPIC with the cluster''s topic of that name (or CLUSTER_TOPIC), record by record; repeatable')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('--bootstrap-servers', '--bootstrap-servers', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--client-config', '--client-config', [CompletionResultType]::ParameterName, 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'spm-kafka;completions' {
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('--bootstrap-servers', '--bootstrap-servers', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--client-config', '--client-config', [CompletionResultType]::ParameterName, 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'spm-kafka;man' {
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Write every page (main and subcommands) into this directory instead of printing one')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('--bootstrap-servers', '--bootstrap-servers', [CompletionResultType]::ParameterName, 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable')
            [CompletionResult]::new('--client-config', '--client-config', [CompletionResultType]::ParameterName, 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'spm-kafka;help' {
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Show what `setup` would change to make the cluster match topics.yaml')
            [CompletionResult]::new('setup', 'setup', [CompletionResultType]::ParameterValue, 'Create and reconcile the topics of topics.yaml (never deletes)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check that the cluster matches topics.yaml: exit 0 in sync, 3 on drift (the CI gate)')
            [CompletionResult]::new('acls', 'acls', [CompletionResultType]::ParameterValue, 'List the cluster''s ACLs (filter by principal, topic or group)')
            [CompletionResult]::new('access', 'access', [CompletionResultType]::ParameterValue, 'The access matrix: services × topics and groups, as declared and as granted')
            [CompletionResult]::new('topics', 'topics', [CompletionResultType]::ParameterValue, 'List and describe topics (replaces kafka-topics --list / --describe)')
            [CompletionResult]::new('publish', 'publish', [CompletionResultType]::ParameterValue, 'Publish typed SPM events, validated against the catalogue (one, or a JSON Lines file)')
            [CompletionResult]::new('tail', 'tail', [CompletionResultType]::ParameterValue, 'Read events from topics: follow, or from a position; pretty on a terminal, JSON lines otherwise')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'The event catalogue: list the event types, or print one''s JSON Schema')
            [CompletionResult]::new('groups', 'groups', [CompletionResultType]::ParameterValue, 'List and describe consumer groups (replaces kafka-consumer-groups --list / --describe)')
            [CompletionResult]::new('lag', 'lag', [CompletionResultType]::ParameterValue, 'Consumer lag per group, topic and partition; --fail-above N exits 3 for alerting')
            [CompletionResult]::new('exporter', 'exporter', [CompletionResultType]::ParameterValue, 'Serve lag, time lag and group status to Prometheus (/metrics), collected in the background')
            [CompletionResult]::new('reset-offsets', 'reset-offsets', [CompletionResultType]::ParameterValue, 'Move a stopped group''s committed offsets (a dry run unless --execute)')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Diagnose the connection, the cluster and the topics, with the next step for each problem')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Back up topics and the consumer groups'' offsets into a directory (incremental)')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Restore a backup: records to their own partitions, group offsets translated')
            [CompletionResult]::new('verify-backup', 'verify-backup', [CompletionResultType]::ParameterValue, 'Check a backup''s files, and compare it record by record with a cluster (--against)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the shell completion script (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (or write every page with --out-dir)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'spm-kafka;help;plan' {
            break
        }
        'spm-kafka;help;setup' {
            break
        }
        'spm-kafka;help;verify' {
            break
        }
        'spm-kafka;help;acls' {
            break
        }
        'spm-kafka;help;access' {
            break
        }
        'spm-kafka;help;topics' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every topic with partitions, replication factor, message count and health')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'One topic: partitions with leader, replicas, ISR and offsets, and its non-default configs')
            break
        }
        'spm-kafka;help;topics;list' {
            break
        }
        'spm-kafka;help;topics;describe' {
            break
        }
        'spm-kafka;help;publish' {
            break
        }
        'spm-kafka;help;tail' {
            break
        }
        'spm-kafka;help;events' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every event type: its topic and the data fields it requires (-o json for programs)')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'The JSON Schema (draft 2020-12) of one event type''s envelope, to validate against in other languages')
            break
        }
        'spm-kafka;help;events;list' {
            break
        }
        'spm-kafka;help;events;schema' {
            break
        }
        'spm-kafka;help;groups' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every consumer group with its state, type, members, assignor and total lag')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'One group: state, coordinator, members with their partitions, and its offsets and lag')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a retired group and its committed offsets (only an Empty group; a dry run unless --execute)')
            break
        }
        'spm-kafka;help;groups;list' {
            break
        }
        'spm-kafka;help;groups;describe' {
            break
        }
        'spm-kafka;help;groups;delete' {
            break
        }
        'spm-kafka;help;lag' {
            break
        }
        'spm-kafka;help;exporter' {
            break
        }
        'spm-kafka;help;reset-offsets' {
            break
        }
        'spm-kafka;help;doctor' {
            break
        }
        'spm-kafka;help;backup' {
            break
        }
        'spm-kafka;help;restore' {
            break
        }
        'spm-kafka;help;verify-backup' {
            break
        }
        'spm-kafka;help;completions' {
            break
        }
        'spm-kafka;help;man' {
            break
        }
        'spm-kafka;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
