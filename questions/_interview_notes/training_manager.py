class TrainingManager:
    def __init__(self, model, learning_rate=0.001, weight_decay=1e-5):
        self.model = model
        self.criterion = nn.CrossEntropyLoss()
        self.optimizer = optim.Adam(
            model.parameters(),
            lr=learning_rate,
            weight_decay=weight_decay
        )
        self.scheduler = optim.lr_scheduler.ReduceLROnPlateau(
            self.optimizer,
            mode='min',
            patience=5,
            factor=0.5
        )

    def train_epoch(self, dataloader):
        self.model.train()
        total_loss = 0

        for batch_idx, (data, target) in enumerate(dataloader):
            # Forward pass
            self.optimizer.zero_grad()
            output = self.model(data)
            loss = self.criterion(output, target)

            # Backward pass
            loss.backward()

            # Gradient clipping
            torch.nn.utils.clip_grad_norm_(self.model.parameters(), max_norm=1.0)

            # Update weights
            self.optimizer.step()

            total_loss += loss.item()

        return total_loss / len(dataloader)

    def validate(self, dataloader):
        self.model.eval()
        total_loss = 0
        correct = 0

        with torch.no_grad():
            for data, target in dataloader:
                output = self.model(data)
                total_loss += self.criterion(output, target).item()
                pred = output.argmax(dim=1)
                correct += pred.eq(target).sum().item()

        avg_loss = total_loss / len(dataloader)
        accuracy = correct / len(dataloader.dataset)

        # Update learning rate
        self.scheduler.step(avg_loss)

        return avg_loss, accuracy

# Example usage
if __name__ == "__main__":
    # Network architecture
    input_size = 784  # e.g., MNIST
    hidden_sizes = [512, 256, 128]
    output_size = 10

    # Create model and training manager
    model = ModernNeuralNetwork(input_size, hidden_sizes, output_size)
    trainer = TrainingManager(model)

    # Training loop would go here
    # for epoch in range(num_epochs):
    #     train_loss = trainer.train_epoch(train_loader)
    #     val_loss, val_acc = trainer.validate(val_loader)
