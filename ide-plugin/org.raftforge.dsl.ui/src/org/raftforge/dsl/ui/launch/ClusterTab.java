package org.raftforge.dsl.ui.launch;

import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.ui.AbstractLaunchConfigurationTab;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.dialogs.FilteredResourcesSelectionDialog;
import org.raftforge.dsl.ide.RaftModels;
import org.raftforge.dsl.raft.Cluster;
import org.raftforge.dsl.raft.Variant;
import org.raftforge.dsl.ui.RaftUiPlugin;

/** The Cluster tab: which model, variant and target to launch, and with what chaos. */
public class ClusterTab extends AbstractLaunchConfigurationTab {

	private static final String DEFAULT_VARIANT = "(the model's default variant)";

	private Text model;
	private Combo variant;
	private Combo target;
	private Combo chaos;
	private Text command;

	@Override
	public void createControl(Composite parent) {
		Composite page = new Composite(parent, SWT.NONE);
		page.setLayout(new GridLayout(3, false));
		setControl(page);

		label(page, "Model:");
		model = new Text(page, SWT.BORDER);
		model.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		model.addModifyListener(event -> {
			fillVariants();
			updateLaunchConfigurationDialog();
		});
		Button browse = new Button(page, SWT.PUSH);
		browse.setText("Browse...");
		browse.addListener(SWT.Selection, event -> browseModel());

		label(page, "Variant:");
		variant = combo(page, SWT.DROP_DOWN);
		label(page, "");
		label(page, "Target:");
		target = combo(page, SWT.READ_ONLY);
		target.setItems("(the variant's target)", "native: processes on this machine", "qemu: one QEMU per node");
		label(page, "");
		label(page, "Chaos:");
		chaos = combo(page, SWT.READ_ONLY);
		chaos.setItems("none", "kill-leader: kill the leader mid-workload, restart it, watch it catch up");
		label(page, "");
		label(page, "RaftForge command:");
		command = new Text(page, SWT.BORDER);
		command.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		command.setMessage("the command line bundled with the plugin");
		command.addModifyListener(event -> updateLaunchConfigurationDialog());
		label(page, "");
	}

	private Combo combo(Composite page, int style) {
		Combo combo = new Combo(page, style);
		combo.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		combo.addModifyListener(event -> updateLaunchConfigurationDialog());
		return combo;
	}

	private static void label(Composite page, String text) {
		new Label(page, SWT.NONE).setText(text);
	}

	private void browseModel() {
		FilteredResourcesSelectionDialog dialog = new FilteredResourcesSelectionDialog(getShell(), false,
				ResourcesPlugin.getWorkspace().getRoot(), IResource.FILE);
		dialog.setTitle("RaftForge model");
		dialog.setInitialPattern("*.raft");
		if (dialog.open() == FilteredResourcesSelectionDialog.OK && dialog.getResult().length > 0
				&& dialog.getResult()[0] instanceof IFile file) {
			model.setText(file.getFullPath().toString());
		}
	}

	/** Offers the variants of the chosen model. */
	private void fillVariants() {
		String chosen = variant.getText();
		variant.removeAll();
		variant.add(DEFAULT_VARIANT);
		IResource resource = ResourcesPlugin.getWorkspace().getRoot().findMember(model.getText().strip());
		if (resource instanceof IFile file && file.exists()) {
			try {
				String text = new String(file.getContents(true).readAllBytes(), file.getCharset());
				Cluster cluster = RaftModels.clusterOf(RaftUiPlugin.models()
						.parse(org.eclipse.emf.common.util.URI.createPlatformResourceURI(file.getFullPath().toString(),
								true), text));
				if (cluster != null) {
					cluster.getVariants().stream().map(Variant::getName).forEach(variant::add);
				}
			} catch (CoreException | java.io.IOException | RuntimeException e) {
				// an unreadable model offers no variants; performApply keeps what was typed
			}
		}
		variant.setText(chosen.isEmpty() ? DEFAULT_VARIANT : chosen);
	}

	@Override
	public void setDefaults(ILaunchConfigurationWorkingCopy configuration) {
		configuration.setAttribute(ClusterLaunch.VARIANT, "");
		configuration.setAttribute(ClusterLaunch.TARGET, "");
		configuration.setAttribute(ClusterLaunch.CHAOS, "");
	}

	@Override
	public void initializeFrom(ILaunchConfiguration configuration) {
		try {
			model.setText(configuration.getAttribute(ClusterLaunch.MODEL, ""));
			String name = configuration.getAttribute(ClusterLaunch.VARIANT, "");
			variant.setText(name.isEmpty() ? DEFAULT_VARIANT : name);
			target.select(Math.max(0, ClusterLaunch.TARGETS.indexOf(configuration.getAttribute(ClusterLaunch.TARGET, ""))));
			chaos.select(Math.max(0, ClusterLaunch.CHAOS_OPTIONS.indexOf(configuration.getAttribute(ClusterLaunch.CHAOS, ""))));
			command.setText(configuration.getAttribute(ClusterLaunch.COMMAND, ""));
		} catch (CoreException e) {
			setErrorMessage(e.getMessage());
		}
	}

	@Override
	public void performApply(ILaunchConfigurationWorkingCopy configuration) {
		configuration.setAttribute(ClusterLaunch.MODEL, model.getText().strip());
		String name = variant.getText().strip();
		configuration.setAttribute(ClusterLaunch.VARIANT, DEFAULT_VARIANT.equals(name) ? "" : name);
		configuration.setAttribute(ClusterLaunch.TARGET, pick(ClusterLaunch.TARGETS, target.getSelectionIndex()));
		configuration.setAttribute(ClusterLaunch.CHAOS, pick(ClusterLaunch.CHAOS_OPTIONS, chaos.getSelectionIndex()));
		configuration.setAttribute(ClusterLaunch.COMMAND, command.getText().strip());
	}

	private static String pick(List<String> values, int index) {
		return index < 0 ? "" : values.get(index);
	}

	@Override
	public boolean isValid(ILaunchConfiguration configuration) {
		setErrorMessage(null);
		try {
			ClusterLaunch.model(configuration);
			return true;
		} catch (CoreException e) {
			setErrorMessage(e.getStatus().getMessage());
			return false;
		}
	}

	@Override
	public String getName() {
		return "Cluster";
	}
}
