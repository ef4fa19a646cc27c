
use builtin;
use str;

set edit:completion:arg-completer[spm-kafka] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'spm-kafka'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'spm-kafka'= {
            cand -b 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand --bootstrap-servers 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand -X 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --property 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --client-config 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]'
            cand --timeout 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)'
            cand -o 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --output 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --color 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset'
            cand --profile 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand plan 'Show what `setup` would change to make the cluster match topics.yaml'
            cand setup 'Create and reconcile the topics of topics.yaml (never deletes)'
            cand verify 'Check that the cluster matches topics.yaml: exit 0 in sync, 3 on drift (the CI gate)'
            cand acls 'List the cluster''s ACLs (filter by principal, topic or group)'
            cand access 'The access matrix: services × topics and groups, as declared and as granted'
            cand topics 'List and describe topics (replaces kafka-topics --list / --describe)'
            cand publish 'Publish typed SPM events, validated against the catalogue (one, or a JSON Lines file)'
            cand tail 'Read events from topics: follow, or from a position; pretty on a terminal, JSON lines otherwise'
            cand events 'The event catalogue: list the event types, or print one''s JSON Schema'
            cand groups 'List and describe consumer groups (replaces kafka-consumer-groups --list / --describe)'
            cand lag 'Consumer lag per group, topic and partition; --fail-above N exits 3 for alerting'
            cand exporter 'Serve lag, time lag and group status to Prometheus (/metrics), collected in the background'
            cand reset-offsets 'Move a stopped group''s committed offsets (a dry run unless --execute)'
            cand doctor 'Diagnose the connection, the cluster and the topics, with the next step for each problem'
            cand backup 'Back up topics and the consumer groups'' offsets into a directory (incremental)'
            cand restore 'Restore a backup: records to their own partitions, group offsets translated'
            cand verify-backup 'Check a backup''s files, and compare it record by record with a cluster (--against)'
            cand completions 'Print the shell completion script (bash, zsh, fish, powershell, elvish)'
            cand man 'Print the man page (or write every page with --out-dir)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'spm-kafka;plan'= {
            cand -f 'The topic spec'
            cand --file 'The topic spec'
            cand -b 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand --bootstrap-servers 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand -X 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --property 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --client-config 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]'
            cand --timeout 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)'
            cand -o 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --output 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --color 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset'
            cand --profile 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'spm-kafka;setup'= {
            cand -f 'The topic spec'
            cand --file 'The topic spec'
            cand --secrets 'SPM_KAFKA_PASSWORD_<SERVICE>=password lines: the SCRAM passwords to set (else the environment)'
            cand -b 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand --bootstrap-servers 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand -X 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --property 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --client-config 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]'
            cand --timeout 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)'
            cand -o 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --output 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --color 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset'
            cand --profile 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]'
            cand --dry-run 'Show the plan only; change nothing'
            cand --prune-acls 'Also delete the ACLs of declared principals that topics.yaml does not grant'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'spm-kafka;verify'= {
            cand -f 'The topic spec'
            cand --file 'The topic spec'
            cand -b 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand --bootstrap-servers 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand -X 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --property 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --client-config 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]'
            cand --timeout 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)'
            cand -o 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --output 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --color 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset'
            cand --profile 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'spm-kafka;acls'= {
            cand --principal 'Only this principal''s ACLs (`User:` is implied when no type is given)'
            cand -t 'Only the ACLs that cover this topic (literal, `*` or a matching prefix)'
            cand --topic 'Only the ACLs that cover this topic (literal, `*` or a matching prefix)'
            cand -g 'Only the ACLs that cover this consumer group'
            cand --group 'Only the ACLs that cover this consumer group'
            cand -b 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand --bootstrap-servers 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand -X 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --property 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --client-config 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]'
            cand --timeout 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)'
            cand -o 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --output 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --color 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset'
            cand --profile 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'spm-kafka;access'= {
            cand -f 'The topic spec'
            cand --file 'The topic spec'
            cand -b 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand --bootstrap-servers 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand -X 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --property 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --client-config 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]'
            cand --timeout 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)'
            cand -o 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --output 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --color 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset'
            cand --profile 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'spm-kafka;topics'= {
            cand -b 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand --bootstrap-servers 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand -X 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --property 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --client-config 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]'
            cand --timeout 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)'
            cand -o 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --output 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --color 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset'
            cand --profile 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'Every topic with partitions, replication factor, message count and health'
            cand describe 'One topic: partitions with leader, replicas, ISR and offsets, and its non-default configs'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'spm-kafka;topics;list'= {
            cand -b 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand --bootstrap-servers 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand -X 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --property 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --client-config 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]'
            cand --timeout 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)'
            cand -o 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --output 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --color 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset'
            cand --profile 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]'
            cand --internal 'Include Kafka''s internal topics (__consumer_offsets, ...)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'spm-kafka;topics;describe'= {
            cand -b 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand --bootstrap-servers 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand -X 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --property 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --client-config 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]'
            cand --timeout 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)'
            cand -o 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --output 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --color 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset'
            cand --profile 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'spm-kafka;topics;help'= {
            cand list 'Every topic with partitions, replication factor, message count and health'
            cand describe 'One topic: partitions with leader, replicas, ISR and offsets, and its non-default configs'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'spm-kafka;topics;help;list'= {
        }
        &'spm-kafka;topics;help;describe'= {
        }
        &'spm-kafka;topics;help;help'= {
        }
        &'spm-kafka;publish'= {
            cand --data 'The event''s data, a JSON object with the fields its type requires'
            cand -f 'Publish every event of a JSON Lines file (`-` for stdin)'
            cand --file 'Publish every event of a JSON Lines file (`-` for stdin)'
            cand -k 'The Kafka key [default: data.id, so that one entity''s events stay in order]'
            cand --key 'The Kafka key [default: data.id, so that one entity''s events stay in order]'
            cand --source 'The producer name written to `source`, for events that do not carry one'
            cand -t 'Send every event to this topic instead of its type''s topic (a staging or test copy)'
            cand --topic 'Send every event to this topic instead of its type''s topic (a staging or test copy)'
            cand -b 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand --bootstrap-servers 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand -X 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --property 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --client-config 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]'
            cand --timeout 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)'
            cand -o 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --output 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --color 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset'
            cand --profile 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]'
            cand --dry-run 'Check everything and print what would be sent (one JSON line per event); send nothing'
            cand --skip-invalid 'Send the valid lines of --file and report each invalid one, instead of sending nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'spm-kafka;tail'= {
            cand -t 'A topic to read, as -t in lag, reset-offsets and kcat (repeatable; adds to TOPIC...)'
            cand --topic 'A topic to read, as -t in lag, reset-offsets and kcat (repeatable; adds to TOPIC...)'
            cand --offset 'Start at offset N of every partition, or P:N to start partition P at N (repeatable)'
            cand --since 'Start at the first event at or after a time: a duration ago (30m, 1h30m, PT2H, 7d) or RFC 3339'
            cand --last 'Start N events before the end of each partition'
            cand --max 'Stop after N events (counted after the filters)'
            cand --type 'Only events of this type (repeatable)'
            cand -k 'Only records with this key'
            cand --key 'Only records with this key'
            cand --partition 'Only this partition (repeatable)'
            cand -g 'Read as a member of this consumer group, from its committed offsets (a new group: the end, or the oldest with --from-beginning), commit what was written out and leave the group on exit (never without this flag)'
            cand --group 'Read as a member of this consumer group, from its committed offsets (a new group: the end, or the oldest with --from-beginning), commit what was written out and leave the group on exit (never without this flag)'
            cand -b 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand --bootstrap-servers 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand -X 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --property 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --client-config 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]'
            cand --timeout 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)'
            cand -o 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --output 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --color 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset'
            cand --profile 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]'
            cand --from-beginning 'Start at the oldest event still on each partition [default: the end, following new events]'
            cand --until-end 'Stop when every partition has reached the end offset it had at start'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'spm-kafka;events'= {
            cand -b 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand --bootstrap-servers 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand -X 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --property 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --client-config 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]'
            cand --timeout 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)'
            cand -o 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --output 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --color 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset'
            cand --profile 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'Every event type: its topic and the data fields it requires (-o json for programs)'
            cand schema 'The JSON Schema (draft 2020-12) of one event type''s envelope, to validate against in other languages'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'spm-kafka;events;list'= {
            cand -b 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand --bootstrap-servers 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand -X 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --property 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --client-config 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]'
            cand --timeout 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)'
            cand -o 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --output 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --color 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset'
            cand --profile 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'spm-kafka;events;schema'= {
            cand -b 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand --bootstrap-servers 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand -X 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --property 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --client-config 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]'
            cand --timeout 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)'
            cand -o 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --output 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --color 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset'
            cand --profile 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'spm-kafka;events;help'= {
            cand list 'Every event type: its topic and the data fields it requires (-o json for programs)'
            cand schema 'The JSON Schema (draft 2020-12) of one event type''s envelope, to validate against in other languages'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'spm-kafka;events;help;list'= {
        }
        &'spm-kafka;events;help;schema'= {
        }
        &'spm-kafka;events;help;help'= {
        }
        &'spm-kafka;groups'= {
            cand -b 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand --bootstrap-servers 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand -X 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --property 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --client-config 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]'
            cand --timeout 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)'
            cand -o 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --output 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --color 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset'
            cand --profile 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'Every consumer group with its state, type, members, assignor and total lag'
            cand describe 'One group: state, coordinator, members with their partitions, and its offsets and lag'
            cand delete 'Delete a retired group and its committed offsets (only an Empty group; a dry run unless --execute)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'spm-kafka;groups;list'= {
            cand --state 'Only groups in this state (any case); repeatable'
            cand -b 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand --bootstrap-servers 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand -X 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --property 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --client-config 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]'
            cand --timeout 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)'
            cand -o 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --output 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --color 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset'
            cand --profile 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'spm-kafka;groups;describe'= {
            cand -b 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand --bootstrap-servers 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand -X 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --property 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --client-config 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]'
            cand --timeout 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)'
            cand -o 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --output 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --color 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset'
            cand --profile 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'spm-kafka;groups;delete'= {
            cand -b 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand --bootstrap-servers 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand -X 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --property 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --client-config 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]'
            cand --timeout 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)'
            cand -o 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --output 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --color 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset'
            cand --profile 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]'
            cand --execute 'Delete it (without it, only show what would be deleted)'
            cand --dry-run 'Only show what would be deleted (the default; for kafka-consumer-groups habits)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'spm-kafka;groups;help'= {
            cand list 'Every consumer group with its state, type, members, assignor and total lag'
            cand describe 'One group: state, coordinator, members with their partitions, and its offsets and lag'
            cand delete 'Delete a retired group and its committed offsets (only an Empty group; a dry run unless --execute)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'spm-kafka;groups;help;list'= {
        }
        &'spm-kafka;groups;help;describe'= {
        }
        &'spm-kafka;groups;help;delete'= {
        }
        &'spm-kafka;groups;help;help'= {
        }
        &'spm-kafka;lag'= {
            cand -g 'Only this consumer group; repeatable [default: every group]'
            cand --group 'Only this consumer group; repeatable [default: every group]'
            cand -t 'Only this topic; repeatable [default: every topic the groups read]. With --group, every partition of the topic is shown, also those the group never committed'
            cand --topic 'Only this topic; repeatable [default: every topic the groups read]. With --group, every partition of the topic is shown, also those the group never committed'
            cand --watch 'Redraw every INTERVAL (default 5s) until Ctrl-C; in place on a terminal. The status of each group is decided over the last 10 redraws'
            cand --fail-above 'Exit 3 when any group''s total lag is above N (alerting from cron or CI)'
            cand --fail-behind 'Exit 3 when any group''s oldest unconsumed record is older than DURATION (e.g. 5m)'
            cand -b 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand --bootstrap-servers 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand -X 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --property 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --client-config 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]'
            cand --timeout 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)'
            cand -o 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --output 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --color 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset'
            cand --profile 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'spm-kafka;exporter'= {
            cand --listen 'Address to serve /metrics and /healthz on (port 0: any free port, printed at start)'
            cand --interval 'How often to read the cluster; scrapes get the last reading'
            cand -b 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand --bootstrap-servers 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand -X 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --property 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --client-config 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]'
            cand --timeout 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)'
            cand -o 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --output 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --color 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset'
            cand --profile 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'spm-kafka;reset-offsets'= {
            cand -g 'The consumer group (it must have no active members for --execute)'
            cand --group 'The consumer group (it must have no active members for --execute)'
            cand -t 'A topic, or some of its partitions (orders:0,2,4-6); repeatable'
            cand --topic 'A topic, or some of its partitions (orders:0,2,4-6); repeatable'
            cand --to-offset 'To this offset on every partition'
            cand --shift-by 'Forward (+N) or back (-N) from the committed offset'
            cand --to-datetime 'To the first message at or after this time (RFC 3339: 2024-05-01T10:00:00Z)'
            cand --by-duration 'To the first message at or after this long ago (30m, 1h30m, PT12H, 7d)'
            cand --from-file 'To the offsets of a CSV file of topic,partition,offset lines (names the partitions too)'
            cand -b 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand --bootstrap-servers 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand -X 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --property 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --client-config 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]'
            cand --timeout 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)'
            cand -o 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --output 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --color 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset'
            cand --profile 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]'
            cand --all-topics 'Every partition of every topic the group has committed offsets for'
            cand --to-earliest 'To the oldest retained message (re-read everything)'
            cand --to-latest 'To the log end (skip everything not yet read)'
            cand --to-current 'Where the group is now, clamped into the log'
            cand --execute 'Commit the new offsets (without it, only show them)'
            cand --dry-run 'Only show the new offsets (the default; for kafka-consumer-groups habits)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'spm-kafka;doctor'= {
            cand -f 'The topic spec'
            cand --file 'The topic spec'
            cand -b 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand --bootstrap-servers 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand -X 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --property 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --client-config 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]'
            cand --timeout 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)'
            cand -o 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --output 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --color 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset'
            cand --profile 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'spm-kafka;backup'= {
            cand --to 'The backup directory (created when missing; a later run appends only what is new)'
            cand -f 'The topic spec'
            cand --file 'The topic spec'
            cand -b 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand --bootstrap-servers 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand -X 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --property 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --client-config 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]'
            cand --timeout 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)'
            cand -o 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --output 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --color 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset'
            cand --profile 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'spm-kafka;restore'= {
            cand --from 'The backup directory'
            cand --topic-map 'Restore topic OLD under the name NEW; repeatable'
            cand --topic-prefix 'Put this before the name of every topic not in --topic-map'
            cand --until 'Restore only records with a timestamp at or before this (RFC 3339 or epoch ms)'
            cand -b 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand --bootstrap-servers 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand -X 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --property 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --client-config 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]'
            cand --timeout 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)'
            cand -o 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --output 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --color 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset'
            cand --profile 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]'
            cand --groups 'Write the translated group offsets (without it they are only shown)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'spm-kafka;verify-backup'= {
            cand --against 'Compare the backup of TOPIC with the cluster''s topic of that name (or CLUSTER_TOPIC), record by record; repeatable'
            cand -b 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand --bootstrap-servers 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand -X 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --property 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --client-config 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]'
            cand --timeout 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)'
            cand -o 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --output 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --color 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset'
            cand --profile 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'spm-kafka;completions'= {
            cand -b 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand --bootstrap-servers 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand -X 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --property 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --client-config 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]'
            cand --timeout 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)'
            cand -o 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --output 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --color 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset'
            cand --profile 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'spm-kafka;man'= {
            cand --out-dir 'Write every page (main and subcommands) into this directory instead of printing one'
            cand -b 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand --bootstrap-servers 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]'
            cand -X 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --property 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable'
            cand --client-config 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]'
            cand --timeout 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)'
            cand -o 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --output 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)'
            cand --color 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset'
            cand --profile 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'spm-kafka;help'= {
            cand plan 'Show what `setup` would change to make the cluster match topics.yaml'
            cand setup 'Create and reconcile the topics of topics.yaml (never deletes)'
            cand verify 'Check that the cluster matches topics.yaml: exit 0 in sync, 3 on drift (the CI gate)'
            cand acls 'List the cluster''s ACLs (filter by principal, topic or group)'
            cand access 'The access matrix: services × topics and groups, as declared and as granted'
            cand topics 'List and describe topics (replaces kafka-topics --list / --describe)'
            cand publish 'Publish typed SPM events, validated against the catalogue (one, or a JSON Lines file)'
            cand tail 'Read events from topics: follow, or from a position; pretty on a terminal, JSON lines otherwise'
            cand events 'The event catalogue: list the event types, or print one''s JSON Schema'
            cand groups 'List and describe consumer groups (replaces kafka-consumer-groups --list / --describe)'
            cand lag 'Consumer lag per group, topic and partition; --fail-above N exits 3 for alerting'
            cand exporter 'Serve lag, time lag and group status to Prometheus (/metrics), collected in the background'
            cand reset-offsets 'Move a stopped group''s committed offsets (a dry run unless --execute)'
            cand doctor 'Diagnose the connection, the cluster and the topics, with the next step for each problem'
            cand backup 'Back up topics and the consumer groups'' offsets into a directory (incremental)'
            cand restore 'Restore a backup: records to their own partitions, group offsets translated'
            cand verify-backup 'Check a backup''s files, and compare it record by record with a cluster (--against)'
            cand completions 'Print the shell completion script (bash, zsh, fish, powershell, elvish)'
            cand man 'Print the man page (or write every page with --out-dir)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'spm-kafka;help;plan'= {
        }
        &'spm-kafka;help;setup'= {
        }
        &'spm-kafka;help;verify'= {
        }
        &'spm-kafka;help;acls'= {
        }
        &'spm-kafka;help;access'= {
        }
        &'spm-kafka;help;topics'= {
            cand list 'Every topic with partitions, replication factor, message count and health'
            cand describe 'One topic: partitions with leader, replicas, ISR and offsets, and its non-default configs'
        }
        &'spm-kafka;help;topics;list'= {
        }
        &'spm-kafka;help;topics;describe'= {
        }
        &'spm-kafka;help;publish'= {
        }
        &'spm-kafka;help;tail'= {
        }
        &'spm-kafka;help;events'= {
            cand list 'Every event type: its topic and the data fields it requires (-o json for programs)'
            cand schema 'The JSON Schema (draft 2020-12) of one event type''s envelope, to validate against in other languages'
        }
        &'spm-kafka;help;events;list'= {
        }
        &'spm-kafka;help;events;schema'= {
        }
        &'spm-kafka;help;groups'= {
            cand list 'Every consumer group with its state, type, members, assignor and total lag'
            cand describe 'One group: state, coordinator, members with their partitions, and its offsets and lag'
            cand delete 'Delete a retired group and its committed offsets (only an Empty group; a dry run unless --execute)'
        }
        &'spm-kafka;help;groups;list'= {
        }
        &'spm-kafka;help;groups;describe'= {
        }
        &'spm-kafka;help;groups;delete'= {
        }
        &'spm-kafka;help;lag'= {
        }
        &'spm-kafka;help;exporter'= {
        }
        &'spm-kafka;help;reset-offsets'= {
        }
        &'spm-kafka;help;doctor'= {
        }
        &'spm-kafka;help;backup'= {
        }
        &'spm-kafka;help;restore'= {
        }
        &'spm-kafka;help;verify-backup'= {
        }
        &'spm-kafka;help;completions'= {
        }
        &'spm-kafka;help;man'= {
        }
        &'spm-kafka;help;help'= {
        }
    ]
    $completions[$command]
}
