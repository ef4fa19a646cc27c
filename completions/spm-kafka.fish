# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_spm_kafka_global_optspecs
    string join \n b/bootstrap-servers= X/property= client-config= timeout= o/output= color= profile= h/help V/version
end

function __fish_spm_kafka_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_spm_kafka_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_spm_kafka_using_subcommand
    set -l cmd (__fish_spm_kafka_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c spm-kafka -n "__fish_spm_kafka_needs_command" -s b -l bootstrap-servers -d 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]' -r
complete -c spm-kafka -n "__fish_spm_kafka_needs_command" -s X -l property -d 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable' -r
complete -c spm-kafka -n "__fish_spm_kafka_needs_command" -l client-config -d 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_needs_command" -l timeout -d 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)' -r
complete -c spm-kafka -n "__fish_spm_kafka_needs_command" -s o -l output -d 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)' -r -f -a "table\t'Tables and readable blocks for people'
json\t'JSON for programs (one object per line for streams)'
raw\t'The message value as text (tail only)'"
complete -c spm-kafka -n "__fish_spm_kafka_needs_command" -l color -d 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c spm-kafka -n "__fish_spm_kafka_needs_command" -l profile -d 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]' -r
complete -c spm-kafka -n "__fish_spm_kafka_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c spm-kafka -n "__fish_spm_kafka_needs_command" -s V -l version -d 'Print version'
complete -c spm-kafka -n "__fish_spm_kafka_needs_command" -f -a "plan" -d 'Show what `setup` would change to make the cluster match topics.yaml'
complete -c spm-kafka -n "__fish_spm_kafka_needs_command" -f -a "setup" -d 'Create and reconcile the topics of topics.yaml (never deletes)'
complete -c spm-kafka -n "__fish_spm_kafka_needs_command" -f -a "verify" -d 'Check that the cluster matches topics.yaml: exit 0 in sync, 3 on drift (the CI gate)'
complete -c spm-kafka -n "__fish_spm_kafka_needs_command" -f -a "acls" -d 'List the cluster\'s ACLs (filter by principal, topic or group)'
complete -c spm-kafka -n "__fish_spm_kafka_needs_command" -f -a "access" -d 'The access matrix: services × topics and groups, as declared and as granted'
complete -c spm-kafka -n "__fish_spm_kafka_needs_command" -f -a "topics" -d 'List and describe topics (replaces kafka-topics --list / --describe)'
complete -c spm-kafka -n "__fish_spm_kafka_needs_command" -f -a "publish" -d 'Publish typed SPM events, validated against the catalogue (one, or a JSON Lines file)'
complete -c spm-kafka -n "__fish_spm_kafka_needs_command" -f -a "tail" -d 'Read events from topics: follow, or from a position; pretty on a terminal, JSON lines otherwise'
complete -c spm-kafka -n "__fish_spm_kafka_needs_command" -f -a "events" -d 'The event catalogue: list the event types, or print one\'s JSON Schema'
complete -c spm-kafka -n "__fish_spm_kafka_needs_command" -f -a "groups" -d 'List and describe consumer groups (replaces kafka-consumer-groups --list / --describe)'
complete -c spm-kafka -n "__fish_spm_kafka_needs_command" -f -a "lag" -d 'Consumer lag per group, topic and partition; --fail-above N exits 3 for alerting'
complete -c spm-kafka -n "__fish_spm_kafka_needs_command" -f -a "exporter" -d 'Serve lag, time lag and group status to Prometheus (/metrics), collected in the background'
complete -c spm-kafka -n "__fish_spm_kafka_needs_command" -f -a "reset-offsets" -d 'Move a stopped group\'s committed offsets (a dry run unless --execute)'
complete -c spm-kafka -n "__fish_spm_kafka_needs_command" -f -a "doctor" -d 'Diagnose the connection, the cluster and the topics, with the next step for each problem'
complete -c spm-kafka -n "__fish_spm_kafka_needs_command" -f -a "backup" -d 'Back up topics and the consumer groups\' offsets into a directory (incremental)'
complete -c spm-kafka -n "__fish_spm_kafka_needs_command" -f -a "restore" -d 'Restore a backup: records to their own partitions, group offsets translated'
complete -c spm-kafka -n "__fish_spm_kafka_needs_command" -f -a "verify-backup" -d 'Check a backup\'s files, and compare it record by record with a cluster (--against)'
complete -c spm-kafka -n "__fish_spm_kafka_needs_command" -f -a "completions" -d 'Print the shell completion script (bash, zsh, fish, powershell, elvish)'
complete -c spm-kafka -n "__fish_spm_kafka_needs_command" -f -a "man" -d 'Print the man page (or write every page with --out-dir)'
complete -c spm-kafka -n "__fish_spm_kafka_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand plan" -s f -l file -d 'The topic spec' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand plan" -s b -l bootstrap-servers -d 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand plan" -s X -l property -d 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand plan" -l client-config -d 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand plan" -l timeout -d 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand plan" -s o -l output -d 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)' -r -f -a "table\t'Tables and readable blocks for people'
json\t'JSON for programs (one object per line for streams)'
raw\t'The message value as text (tail only)'"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand plan" -l color -d 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand plan" -l profile -d 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand plan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand plan" -s V -l version -d 'Print version'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand setup" -s f -l file -d 'The topic spec' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand setup" -l secrets -d 'SPM_KAFKA_PASSWORD_<SERVICE>=password lines: the SCRAM passwords to set (else the environment)' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand setup" -s b -l bootstrap-servers -d 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand setup" -s X -l property -d 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand setup" -l client-config -d 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand setup" -l timeout -d 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand setup" -s o -l output -d 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)' -r -f -a "table\t'Tables and readable blocks for people'
json\t'JSON for programs (one object per line for streams)'
raw\t'The message value as text (tail only)'"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand setup" -l color -d 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand setup" -l profile -d 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand setup" -l dry-run -d 'Show the plan only; change nothing'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand setup" -l prune-acls -d 'Also delete the ACLs of declared principals that topics.yaml does not grant'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand setup" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand setup" -s V -l version -d 'Print version'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand verify" -s f -l file -d 'The topic spec' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand verify" -s b -l bootstrap-servers -d 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand verify" -s X -l property -d 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand verify" -l client-config -d 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand verify" -l timeout -d 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand verify" -s o -l output -d 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)' -r -f -a "table\t'Tables and readable blocks for people'
json\t'JSON for programs (one object per line for streams)'
raw\t'The message value as text (tail only)'"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand verify" -l color -d 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand verify" -l profile -d 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand verify" -s V -l version -d 'Print version'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand acls" -l principal -d 'Only this principal\'s ACLs (`User:` is implied when no type is given)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand acls" -s t -l topic -d 'Only the ACLs that cover this topic (literal, `*` or a matching prefix)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand acls" -s g -l group -d 'Only the ACLs that cover this consumer group' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand acls" -s b -l bootstrap-servers -d 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand acls" -s X -l property -d 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand acls" -l client-config -d 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand acls" -l timeout -d 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand acls" -s o -l output -d 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)' -r -f -a "table\t'Tables and readable blocks for people'
json\t'JSON for programs (one object per line for streams)'
raw\t'The message value as text (tail only)'"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand acls" -l color -d 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand acls" -l profile -d 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand acls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand acls" -s V -l version -d 'Print version'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand access" -s f -l file -d 'The topic spec' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand access" -s b -l bootstrap-servers -d 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand access" -s X -l property -d 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand access" -l client-config -d 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand access" -l timeout -d 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand access" -s o -l output -d 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)' -r -f -a "table\t'Tables and readable blocks for people'
json\t'JSON for programs (one object per line for streams)'
raw\t'The message value as text (tail only)'"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand access" -l color -d 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand access" -l profile -d 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand access" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand access" -s V -l version -d 'Print version'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand topics; and not __fish_seen_subcommand_from list describe help" -s b -l bootstrap-servers -d 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand topics; and not __fish_seen_subcommand_from list describe help" -s X -l property -d 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand topics; and not __fish_seen_subcommand_from list describe help" -l client-config -d 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand topics; and not __fish_seen_subcommand_from list describe help" -l timeout -d 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand topics; and not __fish_seen_subcommand_from list describe help" -s o -l output -d 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)' -r -f -a "table\t'Tables and readable blocks for people'
json\t'JSON for programs (one object per line for streams)'
raw\t'The message value as text (tail only)'"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand topics; and not __fish_seen_subcommand_from list describe help" -l color -d 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand topics; and not __fish_seen_subcommand_from list describe help" -l profile -d 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand topics; and not __fish_seen_subcommand_from list describe help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand topics; and not __fish_seen_subcommand_from list describe help" -s V -l version -d 'Print version'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand topics; and not __fish_seen_subcommand_from list describe help" -f -a "list" -d 'Every topic with partitions, replication factor, message count and health'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand topics; and not __fish_seen_subcommand_from list describe help" -f -a "describe" -d 'One topic: partitions with leader, replicas, ISR and offsets, and its non-default configs'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand topics; and not __fish_seen_subcommand_from list describe help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand topics; and __fish_seen_subcommand_from list" -s b -l bootstrap-servers -d 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand topics; and __fish_seen_subcommand_from list" -s X -l property -d 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand topics; and __fish_seen_subcommand_from list" -l client-config -d 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand topics; and __fish_seen_subcommand_from list" -l timeout -d 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand topics; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)' -r -f -a "table\t'Tables and readable blocks for people'
json\t'JSON for programs (one object per line for streams)'
raw\t'The message value as text (tail only)'"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand topics; and __fish_seen_subcommand_from list" -l color -d 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand topics; and __fish_seen_subcommand_from list" -l profile -d 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand topics; and __fish_seen_subcommand_from list" -l internal -d 'Include Kafka\'s internal topics (__consumer_offsets, ...)'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand topics; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand topics; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand topics; and __fish_seen_subcommand_from describe" -s b -l bootstrap-servers -d 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand topics; and __fish_seen_subcommand_from describe" -s X -l property -d 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand topics; and __fish_seen_subcommand_from describe" -l client-config -d 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand topics; and __fish_seen_subcommand_from describe" -l timeout -d 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand topics; and __fish_seen_subcommand_from describe" -s o -l output -d 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)' -r -f -a "table\t'Tables and readable blocks for people'
json\t'JSON for programs (one object per line for streams)'
raw\t'The message value as text (tail only)'"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand topics; and __fish_seen_subcommand_from describe" -l color -d 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand topics; and __fish_seen_subcommand_from describe" -l profile -d 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand topics; and __fish_seen_subcommand_from describe" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand topics; and __fish_seen_subcommand_from describe" -s V -l version -d 'Print version'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand topics; and __fish_seen_subcommand_from help" -f -a "list" -d 'Every topic with partitions, replication factor, message count and health'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand topics; and __fish_seen_subcommand_from help" -f -a "describe" -d 'One topic: partitions with leader, replicas, ISR and offsets, and its non-default configs'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand topics; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand publish" -l data -d 'The event\'s data, a JSON object with the fields its type requires' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand publish" -s f -l file -d 'Publish every event of a JSON Lines file (`-` for stdin)' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand publish" -s k -l key -d 'The Kafka key [default: data.id, so that one entity\'s events stay in order]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand publish" -l source -d 'The producer name written to `source`, for events that do not carry one' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand publish" -s t -l topic -d 'Send every event to this topic instead of its type\'s topic (a staging or test copy)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand publish" -s b -l bootstrap-servers -d 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand publish" -s X -l property -d 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand publish" -l client-config -d 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand publish" -l timeout -d 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand publish" -s o -l output -d 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)' -r -f -a "table\t'Tables and readable blocks for people'
json\t'JSON for programs (one object per line for streams)'
raw\t'The message value as text (tail only)'"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand publish" -l color -d 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand publish" -l profile -d 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand publish" -l dry-run -d 'Check everything and print what would be sent (one JSON line per event); send nothing'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand publish" -l skip-invalid -d 'Send the valid lines of --file and report each invalid one, instead of sending nothing'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand publish" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand publish" -s V -l version -d 'Print version'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand tail" -s t -l topic -d 'A topic to read, as -t in lag, reset-offsets and kcat (repeatable; adds to TOPIC...)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand tail" -l offset -d 'Start at offset N of every partition, or P:N to start partition P at N (repeatable)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand tail" -l since -d 'Start at the first event at or after a time: a duration ago (30m, 1h30m, PT2H, 7d) or RFC 3339' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand tail" -l last -d 'Start N events before the end of each partition' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand tail" -l max -d 'Stop after N events (counted after the filters)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand tail" -l type -d 'Only events of this type (repeatable)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand tail" -s k -l key -d 'Only records with this key' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand tail" -l partition -d 'Only this partition (repeatable)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand tail" -s g -l group -d 'Read as a member of this consumer group, from its committed offsets (a new group: the end, or the oldest with --from-beginning), commit what was written out and leave the group on exit (never without this flag)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand tail" -s b -l bootstrap-servers -d 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand tail" -s X -l property -d 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand tail" -l client-config -d 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand tail" -l timeout -d 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand tail" -s o -l output -d 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)' -r -f -a "table\t'Tables and readable blocks for people'
json\t'JSON for programs (one object per line for streams)'
raw\t'The message value as text (tail only)'"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand tail" -l color -d 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand tail" -l profile -d 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand tail" -l from-beginning -d 'Start at the oldest event still on each partition [default: the end, following new events]'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand tail" -l until-end -d 'Stop when every partition has reached the end offset it had at start'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand tail" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand tail" -s V -l version -d 'Print version'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand events; and not __fish_seen_subcommand_from list schema help" -s b -l bootstrap-servers -d 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand events; and not __fish_seen_subcommand_from list schema help" -s X -l property -d 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand events; and not __fish_seen_subcommand_from list schema help" -l client-config -d 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand events; and not __fish_seen_subcommand_from list schema help" -l timeout -d 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand events; and not __fish_seen_subcommand_from list schema help" -s o -l output -d 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)' -r -f -a "table\t'Tables and readable blocks for people'
json\t'JSON for programs (one object per line for streams)'
raw\t'The message value as text (tail only)'"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand events; and not __fish_seen_subcommand_from list schema help" -l color -d 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand events; and not __fish_seen_subcommand_from list schema help" -l profile -d 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand events; and not __fish_seen_subcommand_from list schema help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand events; and not __fish_seen_subcommand_from list schema help" -s V -l version -d 'Print version'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand events; and not __fish_seen_subcommand_from list schema help" -f -a "list" -d 'Every event type: its topic and the data fields it requires (-o json for programs)'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand events; and not __fish_seen_subcommand_from list schema help" -f -a "schema" -d 'The JSON Schema (draft 2020-12) of one event type\'s envelope, to validate against in other languages'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand events; and not __fish_seen_subcommand_from list schema help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand events; and __fish_seen_subcommand_from list" -s b -l bootstrap-servers -d 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand events; and __fish_seen_subcommand_from list" -s X -l property -d 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand events; and __fish_seen_subcommand_from list" -l client-config -d 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand events; and __fish_seen_subcommand_from list" -l timeout -d 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand events; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)' -r -f -a "table\t'Tables and readable blocks for people'
json\t'JSON for programs (one object per line for streams)'
raw\t'The message value as text (tail only)'"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand events; and __fish_seen_subcommand_from list" -l color -d 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand events; and __fish_seen_subcommand_from list" -l profile -d 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand events; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand events; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand events; and __fish_seen_subcommand_from schema" -s b -l bootstrap-servers -d 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand events; and __fish_seen_subcommand_from schema" -s X -l property -d 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand events; and __fish_seen_subcommand_from schema" -l client-config -d 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand events; and __fish_seen_subcommand_from schema" -l timeout -d 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand events; and __fish_seen_subcommand_from schema" -s o -l output -d 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)' -r -f -a "table\t'Tables and readable blocks for people'
json\t'JSON for programs (one object per line for streams)'
raw\t'The message value as text (tail only)'"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand events; and __fish_seen_subcommand_from schema" -l color -d 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand events; and __fish_seen_subcommand_from schema" -l profile -d 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand events; and __fish_seen_subcommand_from schema" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand events; and __fish_seen_subcommand_from schema" -s V -l version -d 'Print version'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand events; and __fish_seen_subcommand_from help" -f -a "list" -d 'Every event type: its topic and the data fields it requires (-o json for programs)'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand events; and __fish_seen_subcommand_from help" -f -a "schema" -d 'The JSON Schema (draft 2020-12) of one event type\'s envelope, to validate against in other languages'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand events; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and not __fish_seen_subcommand_from list describe delete help" -s b -l bootstrap-servers -d 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and not __fish_seen_subcommand_from list describe delete help" -s X -l property -d 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and not __fish_seen_subcommand_from list describe delete help" -l client-config -d 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and not __fish_seen_subcommand_from list describe delete help" -l timeout -d 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and not __fish_seen_subcommand_from list describe delete help" -s o -l output -d 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)' -r -f -a "table\t'Tables and readable blocks for people'
json\t'JSON for programs (one object per line for streams)'
raw\t'The message value as text (tail only)'"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and not __fish_seen_subcommand_from list describe delete help" -l color -d 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and not __fish_seen_subcommand_from list describe delete help" -l profile -d 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and not __fish_seen_subcommand_from list describe delete help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and not __fish_seen_subcommand_from list describe delete help" -s V -l version -d 'Print version'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and not __fish_seen_subcommand_from list describe delete help" -f -a "list" -d 'Every consumer group with its state, type, members, assignor and total lag'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and not __fish_seen_subcommand_from list describe delete help" -f -a "describe" -d 'One group: state, coordinator, members with their partitions, and its offsets and lag'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and not __fish_seen_subcommand_from list describe delete help" -f -a "delete" -d 'Delete a retired group and its committed offsets (only an Empty group; a dry run unless --execute)'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and not __fish_seen_subcommand_from list describe delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and __fish_seen_subcommand_from list" -l state -d 'Only groups in this state (any case); repeatable' -r -f -a "stable\t''
preparing-rebalance\t''
completing-rebalance\t''
empty\t''
dead\t''
unknown\t''"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and __fish_seen_subcommand_from list" -s b -l bootstrap-servers -d 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and __fish_seen_subcommand_from list" -s X -l property -d 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and __fish_seen_subcommand_from list" -l client-config -d 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and __fish_seen_subcommand_from list" -l timeout -d 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)' -r -f -a "table\t'Tables and readable blocks for people'
json\t'JSON for programs (one object per line for streams)'
raw\t'The message value as text (tail only)'"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and __fish_seen_subcommand_from list" -l color -d 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and __fish_seen_subcommand_from list" -l profile -d 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and __fish_seen_subcommand_from describe" -s b -l bootstrap-servers -d 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and __fish_seen_subcommand_from describe" -s X -l property -d 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and __fish_seen_subcommand_from describe" -l client-config -d 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and __fish_seen_subcommand_from describe" -l timeout -d 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and __fish_seen_subcommand_from describe" -s o -l output -d 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)' -r -f -a "table\t'Tables and readable blocks for people'
json\t'JSON for programs (one object per line for streams)'
raw\t'The message value as text (tail only)'"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and __fish_seen_subcommand_from describe" -l color -d 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and __fish_seen_subcommand_from describe" -l profile -d 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and __fish_seen_subcommand_from describe" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and __fish_seen_subcommand_from describe" -s V -l version -d 'Print version'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and __fish_seen_subcommand_from delete" -s b -l bootstrap-servers -d 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and __fish_seen_subcommand_from delete" -s X -l property -d 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and __fish_seen_subcommand_from delete" -l client-config -d 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and __fish_seen_subcommand_from delete" -l timeout -d 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)' -r -f -a "table\t'Tables and readable blocks for people'
json\t'JSON for programs (one object per line for streams)'
raw\t'The message value as text (tail only)'"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and __fish_seen_subcommand_from delete" -l color -d 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and __fish_seen_subcommand_from delete" -l profile -d 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and __fish_seen_subcommand_from delete" -l execute -d 'Delete it (without it, only show what would be deleted)'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and __fish_seen_subcommand_from delete" -l dry-run -d 'Only show what would be deleted (the default; for kafka-consumer-groups habits)'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and __fish_seen_subcommand_from help" -f -a "list" -d 'Every consumer group with its state, type, members, assignor and total lag'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and __fish_seen_subcommand_from help" -f -a "describe" -d 'One group: state, coordinator, members with their partitions, and its offsets and lag'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a retired group and its committed offsets (only an Empty group; a dry run unless --execute)'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand groups; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand lag" -s g -l group -d 'Only this consumer group; repeatable [default: every group]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand lag" -s t -l topic -d 'Only this topic; repeatable [default: every topic the groups read]. With --group, every partition of the topic is shown, also those the group never committed' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand lag" -l watch -d 'Redraw every INTERVAL (default 5s) until Ctrl-C; in place on a terminal. The status of each group is decided over the last 10 redraws' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand lag" -l fail-above -d 'Exit 3 when any group\'s total lag is above N (alerting from cron or CI)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand lag" -l fail-behind -d 'Exit 3 when any group\'s oldest unconsumed record is older than DURATION (e.g. 5m)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand lag" -s b -l bootstrap-servers -d 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand lag" -s X -l property -d 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand lag" -l client-config -d 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand lag" -l timeout -d 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand lag" -s o -l output -d 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)' -r -f -a "table\t'Tables and readable blocks for people'
json\t'JSON for programs (one object per line for streams)'
raw\t'The message value as text (tail only)'"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand lag" -l color -d 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand lag" -l profile -d 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand lag" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand lag" -s V -l version -d 'Print version'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand exporter" -l listen -d 'Address to serve /metrics and /healthz on (port 0: any free port, printed at start)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand exporter" -l interval -d 'How often to read the cluster; scrapes get the last reading' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand exporter" -s b -l bootstrap-servers -d 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand exporter" -s X -l property -d 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand exporter" -l client-config -d 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand exporter" -l timeout -d 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand exporter" -s o -l output -d 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)' -r -f -a "table\t'Tables and readable blocks for people'
json\t'JSON for programs (one object per line for streams)'
raw\t'The message value as text (tail only)'"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand exporter" -l color -d 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand exporter" -l profile -d 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand exporter" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand exporter" -s V -l version -d 'Print version'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand reset-offsets" -s g -l group -d 'The consumer group (it must have no active members for --execute)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand reset-offsets" -s t -l topic -d 'A topic, or some of its partitions (orders:0,2,4-6); repeatable' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand reset-offsets" -l to-offset -d 'To this offset on every partition' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand reset-offsets" -l shift-by -d 'Forward (+N) or back (-N) from the committed offset' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand reset-offsets" -l to-datetime -d 'To the first message at or after this time (RFC 3339: 2024-05-01T10:00:00Z)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand reset-offsets" -l by-duration -d 'To the first message at or after this long ago (30m, 1h30m, PT12H, 7d)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand reset-offsets" -l from-file -d 'To the offsets of a CSV file of topic,partition,offset lines (names the partitions too)' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand reset-offsets" -s b -l bootstrap-servers -d 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand reset-offsets" -s X -l property -d 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand reset-offsets" -l client-config -d 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand reset-offsets" -l timeout -d 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand reset-offsets" -s o -l output -d 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)' -r -f -a "table\t'Tables and readable blocks for people'
json\t'JSON for programs (one object per line for streams)'
raw\t'The message value as text (tail only)'"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand reset-offsets" -l color -d 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand reset-offsets" -l profile -d 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand reset-offsets" -l all-topics -d 'Every partition of every topic the group has committed offsets for'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand reset-offsets" -l to-earliest -d 'To the oldest retained message (re-read everything)'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand reset-offsets" -l to-latest -d 'To the log end (skip everything not yet read)'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand reset-offsets" -l to-current -d 'Where the group is now, clamped into the log'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand reset-offsets" -l execute -d 'Commit the new offsets (without it, only show them)'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand reset-offsets" -l dry-run -d 'Only show the new offsets (the default; for kafka-consumer-groups habits)'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand reset-offsets" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand reset-offsets" -s V -l version -d 'Print version'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand doctor" -s f -l file -d 'The topic spec' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand doctor" -s b -l bootstrap-servers -d 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand doctor" -s X -l property -d 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand doctor" -l client-config -d 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand doctor" -l timeout -d 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand doctor" -s o -l output -d 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)' -r -f -a "table\t'Tables and readable blocks for people'
json\t'JSON for programs (one object per line for streams)'
raw\t'The message value as text (tail only)'"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand doctor" -l color -d 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand doctor" -l profile -d 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand backup" -l to -d 'The backup directory (created when missing; a later run appends only what is new)' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand backup" -s f -l file -d 'The topic spec' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand backup" -s b -l bootstrap-servers -d 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand backup" -s X -l property -d 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand backup" -l client-config -d 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand backup" -l timeout -d 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand backup" -s o -l output -d 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)' -r -f -a "table\t'Tables and readable blocks for people'
json\t'JSON for programs (one object per line for streams)'
raw\t'The message value as text (tail only)'"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand backup" -l color -d 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand backup" -l profile -d 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand backup" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand backup" -s V -l version -d 'Print version'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand restore" -l from -d 'The backup directory' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand restore" -l topic-map -d 'Restore topic OLD under the name NEW; repeatable' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand restore" -l topic-prefix -d 'Put this before the name of every topic not in --topic-map' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand restore" -l until -d 'Restore only records with a timestamp at or before this (RFC 3339 or epoch ms)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand restore" -s b -l bootstrap-servers -d 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand restore" -s X -l property -d 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand restore" -l client-config -d 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand restore" -l timeout -d 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand restore" -s o -l output -d 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)' -r -f -a "table\t'Tables and readable blocks for people'
json\t'JSON for programs (one object per line for streams)'
raw\t'The message value as text (tail only)'"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand restore" -l color -d 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand restore" -l profile -d 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand restore" -l groups -d 'Write the translated group offsets (without it they are only shown)'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand restore" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand restore" -s V -l version -d 'Print version'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand verify-backup" -l against -d 'Compare the backup of TOPIC with the cluster\'s topic of that name (or CLUSTER_TOPIC), record by record; repeatable' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand verify-backup" -s b -l bootstrap-servers -d 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand verify-backup" -s X -l property -d 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand verify-backup" -l client-config -d 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand verify-backup" -l timeout -d 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand verify-backup" -s o -l output -d 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)' -r -f -a "table\t'Tables and readable blocks for people'
json\t'JSON for programs (one object per line for streams)'
raw\t'The message value as text (tail only)'"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand verify-backup" -l color -d 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand verify-backup" -l profile -d 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand verify-backup" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand verify-backup" -s V -l version -d 'Print version'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand completions" -s b -l bootstrap-servers -d 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand completions" -s X -l property -d 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand completions" -l client-config -d 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand completions" -l timeout -d 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand completions" -s o -l output -d 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)' -r -f -a "table\t'Tables and readable blocks for people'
json\t'JSON for programs (one object per line for streams)'
raw\t'The message value as text (tail only)'"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand completions" -l color -d 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand completions" -l profile -d 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand completions" -s V -l version -d 'Print version'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand man" -l out-dir -d 'Write every page (main and subcommands) into this directory instead of printing one' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand man" -s b -l bootstrap-servers -d 'Kafka bootstrap servers, comma-separated [default: $KAFKA_BOOTSTRAP_SERVERS, then .env, then localhost:9092]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand man" -s X -l property -d 'A librdkafka client property (security.protocol, sasl.*, ssl.*, ...); repeatable' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand man" -l client-config -d 'A properties file (key=value lines) of librdkafka client properties [env: SPM_KAFKA_CLIENT_CONFIG]' -r -F
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand man" -l timeout -d 'Upper bound for every broker call (500ms, 5s, 1m30s, PT1M; at most 1h)' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand man" -s o -l output -d 'Output format: table (for people; `pretty` for tail), json (for programs), raw (tail only)' -r -f -a "table\t'Tables and readable blocks for people'
json\t'JSON for programs (one object per line for streams)'
raw\t'The message value as text (tail only)'"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand man" -l color -d 'When to use colour: auto = stdout is a terminal and NO_COLOR is unset' -r -f -a "auto\t''
always\t''
never\t''"
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand man" -l profile -d 'Overlay the named profile of topics.yaml on its defaults [env: SPM_KAFKA_PROFILE]' -r
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand man" -s V -l version -d 'Print version'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand help; and not __fish_seen_subcommand_from plan setup verify acls access topics publish tail events groups lag exporter reset-offsets doctor backup restore verify-backup completions man help" -f -a "plan" -d 'Show what `setup` would change to make the cluster match topics.yaml'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand help; and not __fish_seen_subcommand_from plan setup verify acls access topics publish tail events groups lag exporter reset-offsets doctor backup restore verify-backup completions man help" -f -a "setup" -d 'Create and reconcile the topics of topics.yaml (never deletes)'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand help; and not __fish_seen_subcommand_from plan setup verify acls access topics publish tail events groups lag exporter reset-offsets doctor backup restore verify-backup completions man help" -f -a "verify" -d 'Check that the cluster matches topics.yaml: exit 0 in sync, 3 on drift (the CI gate)'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand help; and not __fish_seen_subcommand_from plan setup verify acls access topics publish tail events groups lag exporter reset-offsets doctor backup restore verify-backup completions man help" -f -a "acls" -d 'List the cluster\'s ACLs (filter by principal, topic or group)'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand help; and not __fish_seen_subcommand_from plan setup verify acls access topics publish tail events groups lag exporter reset-offsets doctor backup restore verify-backup completions man help" -f -a "access" -d 'The access matrix: services × topics and groups, as declared and as granted'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand help; and not __fish_seen_subcommand_from plan setup verify acls access topics publish tail events groups lag exporter reset-offsets doctor backup restore verify-backup completions man help" -f -a "topics" -d 'List and describe topics (replaces kafka-topics --list / --describe)'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand help; and not __fish_seen_subcommand_from plan setup verify acls access topics publish tail events groups lag exporter reset-offsets doctor backup restore verify-backup completions man help" -f -a "publish" -d 'Publish typed SPM events, validated against the catalogue (one, or a JSON Lines file)'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand help; and not __fish_seen_subcommand_from plan setup verify acls access topics publish tail events groups lag exporter reset-offsets doctor backup restore verify-backup completions man help" -f -a "tail" -d 'Read events from topics: follow, or from a position; pretty on a terminal, JSON lines otherwise'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand help; and not __fish_seen_subcommand_from plan setup verify acls access topics publish tail events groups lag exporter reset-offsets doctor backup restore verify-backup completions man help" -f -a "events" -d 'The event catalogue: list the event types, or print one\'s JSON Schema'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand help; and not __fish_seen_subcommand_from plan setup verify acls access topics publish tail events groups lag exporter reset-offsets doctor backup restore verify-backup completions man help" -f -a "groups" -d 'List and describe consumer groups (replaces kafka-consumer-groups --list / --describe)'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand help; and not __fish_seen_subcommand_from plan setup verify acls access topics publish tail events groups lag exporter reset-offsets doctor backup restore verify-backup completions man help" -f -a "lag" -d 'Consumer lag per group, topic and partition; --fail-above N exits 3 for alerting'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand help; and not __fish_seen_subcommand_from plan setup verify acls access topics publish tail events groups lag exporter reset-offsets doctor backup restore verify-backup completions man help" -f -a "exporter" -d 'Serve lag, time lag and group status to Prometheus (/metrics), collected in the background'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand help; and not __fish_seen_subcommand_from plan setup verify acls access topics publish tail events groups lag exporter reset-offsets doctor backup restore verify-backup completions man help" -f -a "reset-offsets" -d 'Move a stopped group\'s committed offsets (a dry run unless --execute)'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand help; and not __fish_seen_subcommand_from plan setup verify acls access topics publish tail events groups lag exporter reset-offsets doctor backup restore verify-backup completions man help" -f -a "doctor" -d 'Diagnose the connection, the cluster and the topics, with the next step for each problem'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand help; and not __fish_seen_subcommand_from plan setup verify acls access topics publish tail events groups lag exporter reset-offsets doctor backup restore verify-backup completions man help" -f -a "backup" -d 'Back up topics and the consumer groups\' offsets into a directory (incremental)'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand help; and not __fish_seen_subcommand_from plan setup verify acls access topics publish tail events groups lag exporter reset-offsets doctor backup restore verify-backup completions man help" -f -a "restore" -d 'Restore a backup: records to their own partitions, group offsets translated'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand help; and not __fish_seen_subcommand_from plan setup verify acls access topics publish tail events groups lag exporter reset-offsets doctor backup restore verify-backup completions man help" -f -a "verify-backup" -d 'Check a backup\'s files, and compare it record by record with a cluster (--against)'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand help; and not __fish_seen_subcommand_from plan setup verify acls access topics publish tail events groups lag exporter reset-offsets doctor backup restore verify-backup completions man help" -f -a "completions" -d 'Print the shell completion script (bash, zsh, fish, powershell, elvish)'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand help; and not __fish_seen_subcommand_from plan setup verify acls access topics publish tail events groups lag exporter reset-offsets doctor backup restore verify-backup completions man help" -f -a "man" -d 'Print the man page (or write every page with --out-dir)'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand help; and not __fish_seen_subcommand_from plan setup verify acls access topics publish tail events groups lag exporter reset-offsets doctor backup restore verify-backup completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand help; and __fish_seen_subcommand_from topics" -f -a "list" -d 'Every topic with partitions, replication factor, message count and health'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand help; and __fish_seen_subcommand_from topics" -f -a "describe" -d 'One topic: partitions with leader, replicas, ISR and offsets, and its non-default configs'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand help; and __fish_seen_subcommand_from events" -f -a "list" -d 'Every event type: its topic and the data fields it requires (-o json for programs)'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand help; and __fish_seen_subcommand_from events" -f -a "schema" -d 'The JSON Schema (draft 2020-12) of one event type\'s envelope, to validate against in other languages'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand help; and __fish_seen_subcommand_from groups" -f -a "list" -d 'Every consumer group with its state, type, members, assignor and total lag'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand help; and __fish_seen_subcommand_from groups" -f -a "describe" -d 'One group: state, coordinator, members with their partitions, and its offsets and lag'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand help; and __fish_seen_subcommand_from groups" -f -a "delete" -d 'Delete a retired group and its committed offsets (only an Empty group; a dry run unless --execute)'
complete -c spm-kafka -n "__fish_spm_kafka_using_subcommand completions" -f -a "bash elvish fish powershell zsh"
